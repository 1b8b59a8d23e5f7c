using System.Text.RegularExpressions;
using Aict.IdentityServer.SignIn.Mfa.Sms;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.SsoPortal.Tests.Security;

/// <summary>The text-message page: a phone added with the code sent to it and removed, and numbers refused beside the form.</summary>
[Collection(SecurityServers.Name)]
public sealed class TextMessagePageTests(SecurityServers servers) : SecurityPageTest(servers)
{
    [Fact]
    public async Task A_phone_is_added_with_the_code_from_the_text_message_and_can_be_removed()
    {
        using var user = NewUser();
        await user.SignInAsync(await TestUsers.CreateAsync(Identity));
        var number = "+8210" + Random.Shared.Next(10_000_000, 100_000_000);

        var sent = await user.SubmitAsync(await user.GoAsync("/security/text-message"), new Dictionary<string, string> { ["Phone.PhoneNumber"] = number }, "#send-phone-code");

        Assert.Equal("/security/text-message", sent.Path);
        Assert.Contains(number[^4..], sent.Document.QuerySelector("#status-message")?.TextContent);
        AssertEveryInputIsLabelled(sent);
        var resent = await user.SubmitAsync(sent, NoFields, "#resend-phone-code");
        Assert.Contains(number[^4..], resent.Document.QuerySelector("#status-message")?.TextContent);
        var confirmed = await user.SubmitAsync(resent, new Dictionary<string, string> { ["PhoneCode.Code"] = LatestCodeTo(number) }, "#confirm-phone");
        Assert.Equal(10, RecoveryCodesOn(confirmed).Count);
        Assert.True(confirmed.Headers.CacheControl?.NoStore);
        var page = await user.GoAsync("/security/text-message");
        Assert.Contains($"•••• {number[^4..]}", page.Document.QuerySelector("#phone-status")?.TextContent);
        Assert.Contains($"•••• {number[^4..]}", (await user.GoAsync("/security")).Document.QuerySelector("#phone-status")?.TextContent);

        var removed = await user.SubmitAsync(page, NoFields, "#remove-phone");

        Assert.NotNull(removed.Document.QuerySelector("#status-message"));
        Assert.NotNull(removed.Document.QuerySelector("#send-phone-code"));
        Assert.Contains("0", (await user.GoAsync("/security")).Document.QuerySelector("#recovery-count")?.TextContent);
    }

    [Fact]
    public async Task A_number_IdentityServer_refuses_is_explained_beside_the_phone_form()
    {
        using var user = NewUser();
        await user.SignInAsync(await TestUsers.CreateAsync(Identity));

        var refused = await user.SubmitAsync(await user.GoAsync("/security/text-message"), new Dictionary<string, string> { ["Phone.PhoneNumber"] = "010-1234-5678" }, "#send-phone-code");

        Assert.Equal("/security/text-message", refused.Path);
        Assert.Contains("international", refused.Document.QuerySelector("#phone-error")?.TextContent);
    }

    [Fact]
    public async Task A_missing_number_or_code_is_asked_for_beside_its_field()
    {
        using var user = NewUser();
        await user.SignInAsync(await TestUsers.CreateAsync(Identity));
        var number = "+8210" + Random.Shared.Next(10_000_000, 100_000_000);

        var noNumber = await user.SubmitAsync(await user.GoAsync("/security/text-message"), new Dictionary<string, string> { ["Phone.PhoneNumber"] = "" }, "#send-phone-code");
        var sent = await user.SubmitAsync(noNumber, new Dictionary<string, string> { ["Phone.PhoneNumber"] = number }, "#send-phone-code");
        var noCode = await user.SubmitAsync(sent, new Dictionary<string, string> { ["PhoneCode.Code"] = "" }, "#confirm-phone");

        Assert.Equal("Enter your mobile number.", noNumber.Document.QuerySelector("[data-valmsg-for='Phone.PhoneNumber']")?.TextContent.Trim());
        Assert.Equal("Enter the code.", noCode.Document.QuerySelector("[data-valmsg-for='PhoneCode.Code']")?.TextContent.Trim());
        Assert.Null(noCode.Document.QuerySelector("#phone-error"));
        Assert.NotNull(noCode.Document.QuerySelector("#confirm-phone"));
    }

    /// <summary>The code of the newest text message to the number (the outbox lists the newest first).</summary>
    private string LatestCodeTo(string number) =>
        Regex.Match(Identity.Services.GetRequiredService<DevelopmentSmsOutbox>().Messages.First(m => m.Message.To == number).Message.Body, "[0-9]{6}").Value;
}

using System.Globalization;
using System.Reflection;
using System.Resources;
using Aict.IdentityServer.Administration.Audit;

namespace Aict.SsoPortal.Tests;

/// <summary>The activity page names every audit event IdentityServer records, in English and Korean.</summary>
public sealed class ActivityLabelTests
{
    private static readonly ResourceManager Texts = new("Aict.SsoPortal.Resources.SharedResource", typeof(SharedResource).Assembly);

    public static TheoryData<string> EventTypes() =>
    [
        .. typeof(AuditEventTypes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral)
            .Select(field => (string)field.GetRawConstantValue()!),
    ];

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void Every_audit_event_type_has_an_English_and_a_Korean_label(string type)
    {
        var english = Texts.GetString("Activity:" + type, CultureInfo.InvariantCulture);
        var korean = Texts.GetString("Activity:" + type, new CultureInfo("ko"));

        Assert.False(string.IsNullOrEmpty(english), $"No English label for {type}.");
        Assert.NotEqual(english, korean);
    }
}

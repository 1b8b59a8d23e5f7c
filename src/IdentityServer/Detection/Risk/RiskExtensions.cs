using Aict.IdentityServer.Administration.Notices;
using Aict.IdentityServer.Detection.Devices;
using Aict.IdentityServer.Detection.Geo;
using Aict.IdentityServer.Platform.Email;

namespace Aict.IdentityServer.Detection.Risk;

internal static class RiskExtensions
{
    /// <summary>
    /// The risk of each sign-in: impossible travel (<c>Detection:ImpossibleTravel</c>, over <c>Detection:Geo</c>), new devices
    /// (<c>Detection:NewDevice</c>, with the "was this you?" e-mail), and the response per level (<c>Detection:Risk</c>).
    /// </summary>
    public static IHostApplicationBuilder AddSignInRisk(this IHostApplicationBuilder builder)
    {
        builder.AddIpLocations();
        builder.AddEmailDelivery();
        builder.Services.AddOptions<RiskOptions>().BindConfiguration(RiskOptions.Section).ValidateOnStart();
        builder.Services.AddOptions<ImpossibleTravelOptions>().BindConfiguration(ImpossibleTravelOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<NewDeviceOptions>().BindConfiguration(NewDeviceOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<SignInHistory>();
        builder.Services.AddSingleton<SecureLinks>();
        builder.Services.AddAccountNotices<SignInNotice, SignInNoticeMailer>("sign-in", capacity: 10_000);
        builder.Services.AddScoped<SignInRisk>();
        return builder;
    }
}

using Aict.IdentityServer.Platform.Email;

namespace Aict.IdentityServer.Administration.Notices;

internal static class NoticeExtensions
{
    /// <summary>E-mail notices of account changes: a new or removed factor, a new password, an administrator's MFA reset.</summary>
    public static IHostApplicationBuilder AddAccountChangeNotices(this IHostApplicationBuilder builder)
    {
        builder.AddEmailDelivery();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<QueuedChangeNotices>();
        builder.Services.AddScoped<AccountChangeNotices>();
        builder.Services.AddHostedService<ChangeNoticeMailer>();
        return builder;
    }
}

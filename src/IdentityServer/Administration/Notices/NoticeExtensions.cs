using Aict.IdentityServer.Platform.Email;

namespace Aict.IdentityServer.Administration.Notices;

internal static class NoticeExtensions
{
    /// <summary>E-mail notices of account changes: a new or removed factor, a new password, an administrator's MFA reset.</summary>
    public static IHostApplicationBuilder AddAccountChangeNotices(this IHostApplicationBuilder builder)
    {
        builder.AddEmailDelivery();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddAccountNotices<ChangeNotice, ChangeNoticeMailer>("account change", capacity: 10_000);
        builder.Services.AddScoped<AccountChangeNotices>();
        return builder;
    }

    /// <summary>A queue of notices of one kind and the background mailer that sends them.</summary>
    public static IServiceCollection AddAccountNotices<TNotice, TMailer>(this IServiceCollection services, string kind, int capacity)
        where TNotice : IAccountNotice
        where TMailer : AccountNoticeMailer<TNotice>
    {
        services.AddSingleton(provider =>
            new AccountNotices<TNotice>(kind, capacity, provider.GetRequiredService<ILogger<AccountNotices<TNotice>>>()));
        services.AddHostedService<TMailer>();
        return services;
    }
}

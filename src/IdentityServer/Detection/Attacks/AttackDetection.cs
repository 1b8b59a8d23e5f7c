using System.Net;

namespace Aict.IdentityServer.Detection.Attacks;

/// <summary>
/// Guessing attacks on passwords: brute force on one identifier from one address, credential stuffing and password
/// spraying from one network. Asked before a password is checked, told of every failure.
/// </summary>
public sealed class AttackDetection
{
    /// <summary>How long password sign-ins for this identifier from this address must wait; null when they may go ahead.</summary>
    public ValueTask<TimeSpan?> PasswordRefusalAsync(string identifier, IPAddress? address) => ValueTask.FromResult<TimeSpan?>(null);

    /// <summary>A wrong password (or an unknown identifier) from this address.</summary>
    public Task RecordPasswordFailureAsync(string identifier, string? userId, IPAddress? address) => Task.CompletedTask;
}

internal static class AttackDetectionExtensions
{
    public static IHostApplicationBuilder AddAttackDetection(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<AttackDetection>();
        return builder;
    }
}

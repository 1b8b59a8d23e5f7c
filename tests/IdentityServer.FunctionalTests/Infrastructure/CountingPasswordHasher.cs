using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.IdentityServer.FunctionalTests.Infrastructure;

/// <summary>The server's own password hasher, counting how often a password is checked against a hash.</summary>
public sealed class CountingPasswordHasher(IPasswordHasher<ApplicationUser> inner, CountingPasswordHasher.Checks checks)
    : IPasswordHasher<ApplicationUser>
{
    /// <summary>Wraps whatever hasher the server registered, keeping its lifetime; the checks it makes go to <paramref name="checks"/>.</summary>
    public static void Wrap(IServiceCollection services, Checks checks)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IPasswordHasher<ApplicationUser>));
        services.Add(ServiceDescriptor.Describe(
            typeof(IPasswordHasher<ApplicationUser>),
            provider => new CountingPasswordHasher(Create(registered, provider), checks),
            registered.Lifetime));
    }

    public string HashPassword(ApplicationUser user, string password) => inner.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(ApplicationUser user, string hashedPassword, string providedPassword)
    {
        checks.Add();
        return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }

    private static IPasswordHasher<ApplicationUser> Create(ServiceDescriptor registered, IServiceProvider provider) =>
        (IPasswordHasher<ApplicationUser>)(registered.ImplementationInstance
            ?? registered.ImplementationFactory?.Invoke(provider)
            ?? ActivatorUtilities.CreateInstance(provider, registered.ImplementationType!));

    /// <summary>How many password checks were made.</summary>
    public sealed class Checks
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        internal void Add() => Interlocked.Increment(ref _count);
    }
}

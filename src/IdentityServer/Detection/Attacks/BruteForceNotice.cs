using System.Globalization;
using Aict.IdentityServer.Administration.Notices;

namespace Aict.IdentityServer.Detection.Attacks;

/// <summary>An account's holder to be told that guessing at its password from one address was blocked.</summary>
/// <param name="Address">The address the guesses came from (an IPv6 address by its /64).</param>
/// <param name="RequestCulture">The language of the request, used when the account names none.</param>
public sealed record BruteForceNotice(string UserId, string Address, int Failures, CultureInfo RequestCulture, DateTimeOffset At)
    : IAccountNotice;

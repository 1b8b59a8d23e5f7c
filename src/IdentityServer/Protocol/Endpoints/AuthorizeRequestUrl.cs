using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Primitives;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.IdentityServer.Protocol.Endpoints;

/// <summary>
/// Rebuilds the current authorization request as a GET URL to return to after the sign-in or
/// consent page, minus what asked for that step, so that the step is not asked for again.
/// </summary>
internal static class AuthorizeRequestUrl
{
    /// <summary>After a fresh sign-in: <c>prompt=login</c>, <c>max_age</c> and <c>id_token_hint</c> are satisfied.</summary>
    public static string AfterSignIn(HttpRequest request) =>
        Build(request, PromptValues.Login, name => name is Parameters.MaxAge or Parameters.IdTokenHint);

    /// <summary>After the consent page: <c>prompt=consent</c> is satisfied.</summary>
    public static string AfterConsent(HttpRequest request) => Build(request, PromptValues.Consent, _ => false);

    private static string Build(HttpRequest request, string satisfiedPrompt, Func<string, bool> drop)
    {
        IEnumerable<KeyValuePair<string, StringValues>> parameters = request.HasFormContentType ? request.Form : request.Query;
        var query = new QueryBuilder();
        foreach (var (name, values) in parameters)
        {
            if (drop(name))
            {
                continue;
            }

            if (name == Parameters.Prompt)
            {
                var remaining = string.Join(' ', values.ToString()
                    .Split(' ', StringSplitOptions.RemoveEmptyEntries)
                    .Where(prompt => prompt != satisfiedPrompt));
                if (remaining.Length > 0)
                {
                    query.Add(name, remaining);
                }

                continue;
            }

            query.Add(name, (IEnumerable<string>)values!);
        }

        return request.PathBase + request.Path + query.ToQueryString();
    }
}

using Aict.CommerceApi.Errors;

namespace Aict.CommerceApi.Catalog;

/// <summary>An update came without <c>If-Match</c> (RFC 6585 §3): the client must say which version it changes.</summary>
public sealed class PreconditionRequiredException(string message) : DomainException(message)
{
    public override int StatusCode => StatusCodes.Status428PreconditionRequired;

    public override string Title => "Precondition required";
}

/// <summary>The caller is authenticated and has the scope, but is not the kind of caller this action is for.</summary>
public sealed class ForbiddenCallerException(string message) : DomainException(message)
{
    public override int StatusCode => StatusCodes.Status403Forbidden;

    public override string Title => "Forbidden";
}

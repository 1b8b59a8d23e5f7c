namespace Aict.CommerceApi.Errors;

/// <summary>A request the API understood but must refuse; mapped to ProblemDetails in one place.</summary>
public abstract class DomainException(string message) : Exception(message)
{
    public abstract int StatusCode { get; }

    public abstract string Title { get; }

    /// <summary>The <c>WWW-Authenticate</c> header a 401 carries (RFC 6750 §3); null for every other refusal.</summary>
    public virtual string? Challenge => null;

    /// <summary>Members the ProblemDetails body carries besides status, title and detail.</summary>
    public virtual IReadOnlyDictionary<string, object?> Extensions { get; } = new Dictionary<string, object?>();
}

public sealed class NotFoundException(string message) : DomainException(message)
{
    public override int StatusCode => StatusCodes.Status404NotFound;

    public override string Title => "Not found";
}

/// <summary>The change conflicts with the current state (a concurrent update, a full slot, an order already cancelled).</summary>
public sealed class ConflictException(string message) : DomainException(message)
{
    public override int StatusCode => StatusCodes.Status409Conflict;

    public override string Title => "Conflict";
}

/// <summary>An If-Match precondition failed: the resource changed since the client read it.</summary>
public sealed class PreconditionFailedException(string message) : DomainException(message)
{
    public override int StatusCode => StatusCodes.Status412PreconditionFailed;

    public override string Title => "Precondition failed";
}

/// <summary>Well-formed but against a business rule (not enough stock, a price in another currency).</summary>
public sealed class BusinessRuleException(string message) : DomainException(message)
{
    public override int StatusCode => StatusCodes.Status422UnprocessableEntity;

    public override string Title => "Unprocessable request";
}

namespace Aict.IdentityServer.Platform.Email;

/// <summary>What a Development outbox keeps in memory: the latest messages, newest first; older ones are dropped.</summary>
public sealed class KeptMessages<T>
{
    /// <summary>How many messages are kept.</summary>
    public const int Capacity = 50;

    private readonly LinkedList<T> _messages = new();

    /// <summary>The kept messages, newest first.</summary>
    public IReadOnlyList<T> Newest
    {
        get
        {
            lock (_messages)
            {
                return [.. _messages];
            }
        }
    }

    public void Add(T message)
    {
        lock (_messages)
        {
            _messages.AddFirst(message);
            if (_messages.Count > Capacity)
            {
                _messages.RemoveLast();
            }
        }
    }
}

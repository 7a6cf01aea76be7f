namespace InterviewGateway.Sandbox;

/// What the built-in receiver keeps, bounded three ways: at most `maxNames` receiver names (the name
/// with the oldest delivery goes first), `perName` deliveries per name and `maxBytes` of bodies in all
/// (oldest first). Bodies longer than `maxBodyBytes` characters are cut.
internal sealed class ReceivedWebhookBuffer(int maxNames, int perName, long maxBytes, int maxBodyBytes)
{
    private readonly LinkedList<Stored> _all = new();
    private readonly Dictionary<string, Queue<LinkedListNode<Stored>>> _byName = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _bytes;

    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    public int Names
    {
        get
        {
            lock (_gate)
            {
                return _byName.Count;
            }
        }
    }

    public void Add(string name, ReceivedWebhook webhook)
    {
        if (webhook.Body.Length > maxBodyBytes)
        {
            webhook = webhook with { Body = webhook.Body[..maxBodyBytes] };
        }

        lock (_gate)
        {
            if (!_byName.TryGetValue(name, out var queue))
            {
                while (_byName.Count >= maxNames && _all.First is { } oldest)
                {
                    RemoveName(oldest.Value.Name);
                }

                _byName[name] = queue = new();
            }

            var node = _all.AddLast(new Stored(name, webhook));
            queue.Enqueue(node);
            _bytes += Size(webhook);
            if (queue.Count > perName)
            {
                Remove(queue.Dequeue());
            }

            while (_bytes > maxBytes && _all.First is { } first)
            {
                // Deliveries of one name are in arrival order, so the oldest overall heads its name's queue.
                var owner = _byName[first.Value.Name];
                Remove(owner.Dequeue());
                if (owner.Count == 0)
                {
                    _byName.Remove(first.Value.Name);
                }
            }
        }
    }

    public IReadOnlyList<ReceivedWebhook> Get(string name)
    {
        lock (_gate)
        {
            return _byName.TryGetValue(name, out var queue) ? [.. queue.Select(n => n.Value.Webhook)] : [];
        }
    }

    private void RemoveName(string name)
    {
        foreach (var node in _byName[name])
        {
            Remove(node);
        }

        _byName.Remove(name);
    }

    private void Remove(LinkedListNode<Stored> node)
    {
        _all.Remove(node);
        _bytes -= Size(node.Value.Webhook);
    }

    private static long Size(ReceivedWebhook webhook) => System.Text.Encoding.UTF8.GetByteCount(webhook.Body);

    private sealed record Stored(string Name, ReceivedWebhook Webhook);
}

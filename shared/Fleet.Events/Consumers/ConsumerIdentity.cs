using System.Diagnostics;

namespace Fleet.Events.Consumers;

/// <summary>Who consumes what: the stream (name and keys), the group and this instance's consumer name.</summary>
internal sealed class ConsumerIdentity
{
    public ConsumerIdentity(StreamKeys keys, string stream, string group, string consumer)
    {
        Stream = stream;
        Group = group;
        Consumer = consumer;
        StreamKey = keys.Stream(stream);
        DeadLetterKey = keys.DeadLetters(stream);
        ProcessedKeyPrefix = keys.ProcessedPrefix(stream, group);
        InstanceKey = StreamKeys.Instance(StreamKey, group, consumer);
        GroupTags = new TagList { { "stream", stream }, { "group", group } };
    }

    /// <summary>The stream name, e.g. <c>contextual.events</c>.</summary>
    public string Stream { get; }

    public string Group { get; }

    public string Consumer { get; }

    /// <summary>The stream's key, e.g. <c>fleet:{contextual.events}</c>.</summary>
    public string StreamKey { get; }

    /// <summary>The stream's dead letters, <c>…:dlq</c>.</summary>
    public string DeadLetterKey { get; }

    /// <summary>The start of this group's idempotency marks, <c>…:done:{group}:</c>; the event id completes a mark.</summary>
    public string ProcessedKeyPrefix { get; }

    /// <summary>
    /// The live-instance key of this consumer, <c>…:instance:{group}:{consumer}</c>, in the stream's slot: held by the one
    /// process consuming under this name (<see cref="InstanceLease"/>).
    /// </summary>
    public string InstanceKey { get; }

    /// <summary>The <c>stream</c> and <c>group</c> metric tags.</summary>
    public TagList GroupTags { get; }
}

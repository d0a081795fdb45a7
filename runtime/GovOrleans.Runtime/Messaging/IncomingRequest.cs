using System.Diagnostics;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Invocation;

namespace GovOrleans.Runtime.Messaging;

/// <summary>A decoded request frame.</summary>
internal sealed class IncomingRequest
{
    public required long MessageId { get; init; }

    public required GrainId Target { get; init; }

    public required GrainMethod Method { get; init; }

    public required object?[] Arguments { get; init; }

    public IReadOnlyDictionary<string, object?>? Items { get; init; }

    public CallChain? Chain { get; init; }

    public ActivityContext ParentActivity { get; init; }
}

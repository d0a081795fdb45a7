using GovOrleans.Runtime.Invocation;

namespace GovOrleans.Runtime.Catalog;

/// <summary>Something an activation runs as a request: a grain call or a timer tick.</summary>
internal abstract class ActivationRequest
{
    private static readonly Action<object?> ExecuteCallback = static state =>
    {
        var request = (ActivationRequest)state!;
        request.Execute(request.Target!);
    };

    /// <summary>The grains above this request on its call chain, newest first; null for calls from outside any grain.</summary>
    public CallChain? Chain { get; init; }

    public abstract bool AlwaysInterleave { get; }

    public abstract bool ReadOnly { get; }

    /// <summary>Whether serving it resets the activation's idle clock.</summary>
    public abstract bool CountsAsActivity { get; }

    /// <summary>Whether it may be handed to a new activation when this one deactivates before running it.</summary>
    public abstract bool Forwardable { get; }

    public abstract string Name { get; }

    /// <summary>Set when admitted: the activation that will run it.</summary>
    public ActivationData? Target { get; set; }

    /// <summary>Blocking requests keep non-interleaving requests out while they run.</summary>
    public bool IsBlocking => !AlwaysInterleave;

    public static Action<object?> ExecuteOnScheduler => ExecuteCallback;

    /// <summary>Runs the request as a turn of <paramref name="activation"/>; must end by calling <see cref="ActivationData.OnRequestCompleted"/>.</summary>
    public abstract void Execute(ActivationData activation);

    /// <summary>Rejects the request without running it.</summary>
    public abstract void Fail(Exception exception);
}

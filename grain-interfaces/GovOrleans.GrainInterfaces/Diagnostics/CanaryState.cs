namespace GovOrleans.GrainInterfaces.Diagnostics;

/// <summary>A canary's durable state.</summary>
public sealed class CanaryState
{
    /// <summary>The highest beat stored.</summary>
    public long LastSequence { get; set; }

    /// <summary>How many beats were stored.</summary>
    public long Beats { get; set; }

    /// <summary>How many activations the canary has had.</summary>
    public int Activations { get; set; }
}

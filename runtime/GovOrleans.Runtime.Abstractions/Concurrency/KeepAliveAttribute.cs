namespace GovOrleans.Runtime.Abstractions.Concurrency;

/// <summary>Activations of this grain class are never collected for idleness.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class KeepAliveAttribute : Attribute;

namespace GovOrleans.Runtime.Abstractions.Concurrency;

/// <summary>Calls to this interface method interleave with any other request, even on a non-reentrant grain.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = true)]
public sealed class AlwaysInterleaveAttribute : Attribute;

namespace GovOrleans.Runtime.Abstractions.Concurrency;

/// <summary>The interface method does not change grain state: it interleaves with other read-only requests only.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = true)]
public sealed class ReadOnlyAttribute : Attribute;

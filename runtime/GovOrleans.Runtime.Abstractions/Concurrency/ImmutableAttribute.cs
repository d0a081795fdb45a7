namespace GovOrleans.Runtime.Abstractions.Concurrency;

/// <summary>
/// Declares a type immutable, so local calls pass it by reference instead of copying it.
/// The runtime already recognises sealed types whose fields are all read-only and immutable
/// (positional records of primitives, strings and immutable collections); this attribute is for the rest.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class ImmutableAttribute : Attribute;

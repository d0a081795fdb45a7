using System.Reflection;

namespace GovOrleans.Runtime.Abstractions.Concurrency;

/// <summary>The view of a request that a <see cref="MayInterleaveAttribute"/> predicate sees.</summary>
public interface IInvokable
{
    /// <summary>The interface method being called.</summary>
    MethodInfo InterfaceMethod { get; }

    /// <summary>The call's arguments, already isolated from the caller.</summary>
    IReadOnlyList<object?> Arguments { get; }
}

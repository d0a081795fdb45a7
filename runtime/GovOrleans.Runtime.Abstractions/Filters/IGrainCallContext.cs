using System.Reflection;

namespace GovOrleans.Runtime.Abstractions.Filters;

/// <summary>A grain call as seen by a call filter.</summary>
public interface IGrainCallContext
{
    /// <summary>The calling grain, or null for calls from outside any grain.</summary>
    GrainId? SourceId { get; }

    /// <summary>The target grain.</summary>
    GrainId TargetId { get; }

    /// <summary>The interface method being called.</summary>
    MethodInfo InterfaceMethod { get; }

    /// <summary>The arguments; a filter may replace them before invoking.</summary>
    object?[] Arguments { get; }

    /// <summary>The result, available after <see cref="Invoke"/> completes; a filter may replace it.</summary>
    object? Result { get; set; }

    /// <summary>Runs the next filter, or the call itself. Every filter must await it exactly once to let the call proceed.</summary>
    Task Invoke();
}

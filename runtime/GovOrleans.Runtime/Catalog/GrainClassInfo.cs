using System.Reflection;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Concurrency;

namespace GovOrleans.Runtime.Catalog;

/// <summary>What the runtime knows about a grain class: its durable type name and scheduling attributes.</summary>
internal sealed class GrainClassInfo
{
    public GrainClassInfo(GrainType grainType, Type classType)
    {
        GrainType = grainType;
        ClassType = classType;
        Reentrant = classType.IsDefined(typeof(ReentrantAttribute), inherit: true);
        KeepAlive = classType.IsDefined(typeof(KeepAliveAttribute), inherit: true);
        CollectionAge = classType.GetCustomAttribute<CollectionAgeLimitAttribute>(inherit: true)?.Age;
        if (classType.GetCustomAttribute<MayInterleaveAttribute>(inherit: true) is { } mayInterleave)
        {
            var predicate = classType.GetMethod(mayInterleave.CallbackMethodName, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, [typeof(IInvokable)]);
            if (predicate is null || predicate.ReturnType != typeof(bool))
            {
                throw new InvalidOperationException(
                    $"{classType.Name}: [MayInterleave(\"{mayInterleave.CallbackMethodName}\")] needs a static bool {mayInterleave.CallbackMethodName}(IInvokable) method.");
            }

            MayInterleave = predicate.CreateDelegate<Func<IInvokable, bool>>();
        }

        Activator = new GrainActivator(classType);
    }

    public GrainType GrainType { get; }

    public Type ClassType { get; }

    public bool Reentrant { get; }

    public bool KeepAlive { get; }

    /// <summary>The class's own collection age from <see cref="CollectionAgeLimitAttribute"/>, if any.</summary>
    public TimeSpan? CollectionAge { get; }

    public Func<IInvokable, bool>? MayInterleave { get; }

    public GrainActivator Activator { get; }
}

namespace GovOrleans.Runtime.Invocation;

internal enum ReturnKind
{
    Task,
    TaskOfT,
    ValueTask,
    ValueTaskOfT,
}

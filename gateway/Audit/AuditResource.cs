using GovOrleans.Gateway.Common;

namespace GovOrleans.Gateway.Audit;

/// <summary>
/// Lets a handler name the resource it created or affected (a new case's id), which the audit record then carries in
/// place of the route values. Only well-formed keys are kept; anything else is recorded as <c>(invalid)</c>.
/// </summary>
internal static class AuditResource
{
    /// <summary>The <see cref="HttpContext.Items"/> key.</summary>
    public const string ItemKey = "audit.resource";

    /// <summary>Names <paramref name="id"/> (a case id, code or subject) as the request's audited resource.</summary>
    public static void Set(HttpContext context, string id)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Items[ItemKey] = id;
    }

    /// <summary>The resource a handler named, if any.</summary>
    internal static bool TryGet(HttpContext context, out string? id)
    {
        id = context.Items.TryGetValue(ItemKey, out var value) ? value as string ?? AuditMiddleware.Invalid : null;
        return id is not null;
    }

    /// <summary>
    /// True when <paramref name="value"/> follows the gateway's rule for a route parameter called
    /// <paramref name="parameter"/>: <c>id</c> is a case id, <c>code</c> (or a name ending in <c>Code</c>) a code,
    /// anything else a subject.
    /// </summary>
    internal static bool IsWellFormed(string parameter, string? value) => parameter switch
    {
        "id" => RouteKeys.IsCaseId(value),
        "code" => RouteKeys.IsCode(value),
        _ when parameter.EndsWith("Code", StringComparison.Ordinal) => RouteKeys.IsCode(value),
        _ => RouteKeys.IsSubject(value),
    };

    /// <summary>True when <paramref name="value"/> is any well-formed key: a case id, a code or a subject.</summary>
    internal static bool IsAnyKey(string? value) => RouteKeys.IsCaseId(value) || RouteKeys.IsCode(value) || RouteKeys.IsSubject(value);
}

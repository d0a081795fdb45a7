namespace GovOrleans.Runtime.Abstractions;

/// <summary>
/// Marks a grain class whose key identifies a person (a citizen's subject, which may be a national identification
/// number). The runtime never writes such a key to its logs: it writes a pseudonym that stays the same for one key within
/// one process, so that log lines about the same grain can still be matched.
/// </summary>
/// <remarks>No Orleans twin; Orleans logs grain ids as they are.</remarks>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class PersonalDataKeyAttribute : Attribute;

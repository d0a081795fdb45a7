using System.Security.Cryptography;
using System.Text;
using GovOrleans.Gateway.Common;
using GovOrleans.GrainInterfaces.Common;
using Microsoft.Extensions.Options;

namespace GovOrleans.Gateway.Auth;

/// <summary>
/// Cross-field rules of <see cref="AuthOptions"/>; reports every failure at once. Outside the Development environment a
/// symmetric key is only accepted together with the explicitly enabled development issuer, so the committed development
/// key is never trusted by a production gateway by accident.
/// </summary>
internal sealed class AuthOptionsValidator(IHostEnvironment environment) : IValidateOptions<AuthOptions>
{
    private static readonly string[] s_knownRoles = [Roles.Citizen, Roles.Caseworker, Roles.DepartmentAdmin, Roles.Operator, Roles.System];

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrEmpty(options.SymmetricKey) && Encoding.UTF8.GetByteCount(options.SymmetricKey) < 32)
        {
            failures.Add("Auth:SymmetricKey must be at least 32 bytes (HS256).");
        }

        if (!environment.IsDevelopment() && !string.IsNullOrEmpty(options.SymmetricKey) && !options.DevelopmentIssuer.Enabled)
        {
            failures.Add($"Auth:SymmetricKey is for development only: outside Development ({environment.EnvironmentName}) it needs Auth:DevelopmentIssuer:Enabled; use Auth:PublicKeysPem in production.");
        }

        if (string.IsNullOrEmpty(options.SymmetricKey) && options.PublicKeysPem.Count == 0)
        {
            failures.Add("Configure Auth:PublicKeysPem (the external issuer's keys) or Auth:SymmetricKey (development).");
        }

        for (var i = 0; i < options.PublicKeysPem.Count; i++)
        {
            if (SigningKeys.TryLoadPublicKey(options.PublicKeysPem[i]) is null)
            {
                failures.Add($"Auth:PublicKeysPem:{i} is not a PEM RSA or EC public key.");
            }
        }

        var issuer = options.DevelopmentIssuer;
        if (issuer.Enabled)
        {
            if (string.IsNullOrEmpty(options.SymmetricKey))
            {
                failures.Add("Auth:DevelopmentIssuer:Enabled needs Auth:SymmetricKey to sign tokens.");
            }

            ValidateUsers(issuer, failures);
            ValidateClients(issuer, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateUsers(DevelopmentIssuerOptions issuer, List<string> failures)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < issuer.Users.Count; i++)
        {
            var user = issuer.Users[i];
            var path = $"Auth:DevelopmentIssuer:Users:{i}";
            if (!RouteKeys.IsSubject(user.Username) || !seen.Add(user.Username))
            {
                failures.Add($"{path}:Username must be unique and match {RouteKeys.SubjectPattern}.");
            }

            if (string.IsNullOrEmpty(user.Password))
            {
                failures.Add($"{path}:Password is required.");
            }

            if (user.Roles.Count == 0 || user.Roles.Any(r => !s_knownRoles.Contains(r) || r == Roles.System))
            {
                failures.Add($"{path}:Roles must name citizen, caseworker, department-admin or operator.");
            }

            if (user.Department is not null && !RouteKeys.IsCode(user.Department))
            {
                failures.Add($"{path}:Department must match {RouteKeys.CodePattern}.");
            }
        }
    }

    private static void ValidateClients(DevelopmentIssuerOptions issuer, List<string> failures)
    {
        for (var i = 0; i < issuer.Clients.Count; i++)
        {
            var client = issuer.Clients[i];
            var path = $"Auth:DevelopmentIssuer:Clients:{i}";
            if (!RouteKeys.IsSubject(client.ClientId))
            {
                failures.Add($"{path}:ClientId must match {RouteKeys.SubjectPattern}.");
            }

            if (string.IsNullOrEmpty(client.ClientSecret))
            {
                failures.Add($"{path}:ClientSecret is required.");
            }

            if (client.Department is not null && !RouteKeys.IsCode(client.Department))
            {
                failures.Add($"{path}:Department must match {RouteKeys.CodePattern}.");
            }
        }
    }
}

using Microsoft.Extensions.Options;

namespace GovOrleans.Runtime.Catalog;

/// <summary>Checks the collection options as a whole and reports every problem at once.</summary>
internal sealed class GrainCollectionOptionsValidator : IValidateOptions<GrainCollectionOptions>
{
    public ValidateOptionsResult Validate(string? name, GrainCollectionOptions options)
    {
        var failures = new List<string>();
        if (options.CollectionAge <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(options.CollectionAge)} must be positive.");
        }

        if (options.CollectionQuantum <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(options.CollectionQuantum)} must be positive.");
        }
        else if (options.CollectionQuantum > options.CollectionAge)
        {
            failures.Add($"{nameof(options.CollectionQuantum)} ({options.CollectionQuantum}) must not exceed {nameof(options.CollectionAge)} ({options.CollectionAge}).");
        }

        foreach (var (grainType, age) in options.ClassSpecificCollectionAge)
        {
            if (age <= TimeSpan.Zero)
            {
                failures.Add($"The collection age of '{grainType}' must be positive.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

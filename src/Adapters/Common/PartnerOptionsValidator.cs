using Microsoft.Extensions.Options;

namespace EarTagTrace.Adapters.Common;

/// <summary>Runs <see cref="PartnerHttpOptions.Validate"/> for one named options instance bound from <paramref name="section"/>.</summary>
internal sealed class PartnerOptionsValidator<TOptions>(string optionsName, string section) : IValidateOptions<TOptions>
    where TOptions : PartnerHttpOptions
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        if (!string.Equals(name ?? Options.DefaultName, optionsName, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }
        var failures = options.Validate(section).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

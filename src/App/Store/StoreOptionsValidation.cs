using System.Data.Common;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Store;

/// <summary>Rejects unusable store settings at start-up with a message that names the setting to fix.</summary>
internal sealed class StoreOptionsValidation : IValidateOptions<StoreOptions>
{
    public ValidateOptionsResult Validate(string? name, StoreOptions options)
    {
        var failures = new List<string>();
        var provider = options.Provider?.Trim().ToUpperInvariant();
        if (provider is not ("SQLITE" or "POSTGRES" or "POSTGRESQL" or "NPGSQL"))
        {
            failures.Add($"Store:Provider '{options.Provider}' is not supported; set it to 'sqlite' (embedded, the default) or 'postgres'.");
        }

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add("Store:ConnectionString is empty; set it, e.g. 'Data Source=.data/aischeduler.db' for sqlite or " +
                         "'Host=localhost;Username=...;Password=...;Database=aischeduler' for postgres.");
        }
        else
        {
            try
            {
                var builder = new DbConnectionStringBuilder { ConnectionString = options.ConnectionString };
                if (provider == "SQLITE" && !builder.ContainsKey("Data Source") && !builder.ContainsKey("DataSource") &&
                    !builder.ContainsKey("Filename"))
                {
                    failures.Add("Store:ConnectionString for sqlite must name a file, e.g. 'Data Source=.data/aischeduler.db'.");
                }

                if (provider is "POSTGRES" or "POSTGRESQL" or "NPGSQL" && !builder.ContainsKey("Host") && !builder.ContainsKey("Server"))
                {
                    failures.Add("Store:ConnectionString for postgres must name a server, e.g. 'Host=localhost;Username=...;Database=aischeduler'.");
                }
            }
            catch (ArgumentException ex)
            {
                failures.Add($"Store:ConnectionString is not a valid connection string: {ex.Message}");
            }
        }

        if (options.BusyTimeoutMilliseconds is < 0 or > 600_000)
        {
            failures.Add("Store:BusyTimeoutMilliseconds must be between 0 and 600000.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

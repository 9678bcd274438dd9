using AiScheduler.Functions.Providers.Storage;
using AiScheduler.Functions.Providers.Storage.Azure;

namespace AiScheduler.Functions.Tests.Storage;

public class StorageNamesAndSettingsTests
{
    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("imports/../../secrets")]
    [InlineData("/absolute/path.csv")]
    [InlineData("imports//leads.csv")]
    [InlineData("imports/./leads.csv")]
    [InlineData("imports\\leads.csv")]
    [InlineData("imports/")]
    [InlineData("line\nbreak")]
    [InlineData("")]
    public void A_blob_name_that_could_leave_the_container_is_rejected(string name)
    {
        Assert.Throws<ArgumentException>(() => new BlobName(name));
    }

    [Theory]
    [InlineData("leads.csv")]
    [InlineData("imports/2026/11/leads with spaces.csv")]
    [InlineData("recordings/call-1/audio.wav")]
    [InlineData("unicode/שלום.txt")]
    public void Relative_blob_names_with_folders_are_accepted(string name)
    {
        Assert.Equal(name, new BlobName(name).Value);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("Lead-Imports")]
    [InlineData("-lead-imports")]
    [InlineData("lead--imports")]
    [InlineData("lead_imports")]
    public void Queue_names_follow_Azure_rules(string name)
    {
        Assert.Throws<ArgumentException>(() => new QueueName(name));
    }

    [Fact]
    public void The_poison_queue_is_the_queue_name_with_a_poison_suffix()
    {
        Assert.Equal("lead-imports-poison", new QueueName("lead-imports").Poison.Value);
    }

    [Fact]
    public void UseDevelopmentStorage_points_at_Azurite_with_path_style_endpoints_and_the_well_known_key()
    {
        var account = StorageAccount.Parse("UseDevelopmentStorage=true");

        Assert.Equal("devstoreaccount1", account.Name);
        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), account.BlobEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1"), account.QueueEndpoint);
        Assert.Equal(Convert.FromBase64String(StorageAccount.DevelopmentAccountKey), account.Key);
    }

    [Fact]
    public void An_account_connection_string_yields_host_style_endpoints_from_the_suffix()
    {
        var account = StorageAccount.Parse(
            "DefaultEndpointsProtocol=https;AccountName=acmeleads;AccountKey=" + Convert.ToBase64String(new byte[64]) +
            ";EndpointSuffix=core.windows.net");

        Assert.Equal("acmeleads", account.Name);
        Assert.Equal(new Uri("https://acmeleads.blob.core.windows.net"), account.BlobEndpoint);
        Assert.Equal(new Uri("https://acmeleads.queue.core.windows.net"), account.QueueEndpoint);
        Assert.True(account.HasSharedKey);
    }

    [Fact]
    public void A_connection_string_without_a_key_signs_in_with_Entra_ID()
    {
        var account = StorageAccount.Parse("AccountName=acmeleads");

        Assert.False(account.HasSharedKey);
        Assert.Equal(new Uri("https://acmeleads.blob.core.windows.net"), account.BlobEndpoint);
    }

    [Fact]
    public void Explicit_endpoints_win_and_the_account_name_comes_from_a_path_style_endpoint()
    {
        var account = StorageAccount.Parse(
            "DefaultEndpointsProtocol=http;AccountKey=" + StorageAccount.DevelopmentAccountKey +
            ";BlobEndpoint=http://127.0.0.1:4100/devstoreaccount1;QueueEndpoint=http://127.0.0.1:4101/devstoreaccount1;");

        Assert.Equal("devstoreaccount1", account.Name);
        Assert.Equal(new Uri("http://127.0.0.1:4100/devstoreaccount1"), account.BlobEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:4101/devstoreaccount1"), account.QueueEndpoint);
    }

    [Theory]
    [InlineData("DefaultEndpointsProtocol=https;EndpointSuffix=core.windows.net", "AccountName")]
    [InlineData("AccountName=x;AccountKey=not base64!", "AccountKey")]
    [InlineData("AccountName=x;BlobEndpoint=ftp://example.com", "BlobEndpoint")]
    public void An_unusable_connection_string_is_refused_with_the_setting_to_fix(string connectionString, string mentioned)
    {
        var error = Assert.Throws<FormatException>(() => StorageAccount.Parse(connectionString));
        Assert.Contains(mentioned, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_azure_provider_without_a_connection_string_fails_validation_naming_the_setting()
    {
        var result = new StorageOptionsValidation().Validate(null, new StorageOptions { Provider = "azure" });

        Assert.True(result.Failed);
        Assert.Contains("Storage:ConnectionString is required", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_provider_and_a_bad_container_name_are_both_reported()
    {
        var unknown = new StorageOptionsValidation().Validate(null, new StorageOptions { Provider = "s3" });
        var badContainer = new StorageOptionsValidation().Validate(null, new StorageOptions
        {
            Provider = "azure", ConnectionString = "UseDevelopmentStorage=true", Blobs = { Container = "Bad_Name" },
        });

        Assert.Contains("Storage:Provider 's3'", unknown.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Storage:Blobs:Container", badContainer.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_settings_are_the_embedded_profile_and_valid()
    {
        var options = new StorageOptions();

        Assert.True(new StorageOptionsValidation().Validate(null, options).Succeeded);
        Assert.Equal("local", options.Provider);
        Assert.Equal(".data/blobs", options.Blobs.Directory);
        Assert.Equal("lead-imports", options.Queues.LeadImports);
    }
}

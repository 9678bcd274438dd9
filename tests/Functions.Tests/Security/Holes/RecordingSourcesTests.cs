using AiScheduler.Functions.Providers.Storage;
using AiScheduler.Functions.Providers.Telephony;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Tests.Security.Holes;

/// <summary>Which origins a recording may be downloaded from, for a real ACS resource.</summary>
public sealed class RecordingSourcesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("https://contoso.communication.azure.com/recording/1", true)]
    [InlineData("https://us-storage.asm.skype.com/v1/objects/0-eus-d1/content/audio", true)]
    [InlineData("https://recordings.blob.core.windows.net/calls/1.wav", true)]
    [InlineData("https://RECORDINGS.blob.core.windows.net/calls/1.wav", true)]
    [InlineData("https://archive.example.com/calls/1.wav", true)]
    [InlineData("http://us-storage.asm.skype.com/v1/objects/x", false)]
    [InlineData("https://us-storage.asm.skype.com:8443/v1/objects/x", false)]
    [InlineData("https://asm.skype.com.attacker.example/v1/objects/x", false)]
    [InlineData("https://contoso.communication.azure.com:444/recording/1", false)]
    [InlineData("http://contoso.communication.azure.com/recording/1", false)]
    [InlineData("https://user:pass@contoso.communication.azure.com/recording/1", false)]
    [InlineData("https://other.blob.core.windows.net/calls/1.wav", false)]
    [InlineData("http://169.254.169.254/metadata/identity/oauth2/token", false)]
    [InlineData("file:///etc/passwd", false)]
    public async Task Only_the_service_its_recording_storage_and_the_configured_storage_are_allowed(string location, bool allowed)
    {
        var telephony = new TelephonyOptions { Provider = TelephonyProvider.Acs };
        telephony.Acs.RecordingHosts.Add("https://archive.example.com");
        var connection = new AcsConnectionSource(AcsConnection.FromConnectionString(
            "endpoint=https://contoso.communication.azure.com/;accesskey=" + Convert.ToBase64String(new byte[32])));
        var storage = new StorageOptions
        {
            Provider = "azure",
            ConnectionString = "DefaultEndpointsProtocol=https;AccountName=recordings;AccountKey=" + Convert.ToBase64String(new byte[64]) + ";EndpointSuffix=core.windows.net",
        };
        var sources = new RecordingSources(connection, Options.Create(telephony), Options.Create(storage));

        Assert.Equal(allowed, await sources.AllowsAsync(new Uri(location), Ct));
    }
}

using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace AiScheduler.Functions.Providers.Storage.Azure;

/// <summary>
/// The Azure SDK's service clients for one account, shared by the blob and queue adapters: Shared Key when the
/// connection string has an AccountKey (Azurite, key-based accounts), otherwise Entra ID through the token credential
/// (DefaultAzureCredential in production). Queue messages are base64, as Azure Functions queue triggers expect.
/// </summary>
internal sealed class AzureStorageClients
{
    // transport: what sends the requests; null for the SDK's pooled default. Tests pass one that trusts their emulator's
    // self-signed certificate.
    public AzureStorageClients(StorageAccount account, TokenCredential? credential, HttpMessageHandler? transport = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (!account.HasSharedKey && credential is null)
        {
            throw new ArgumentException("An account without a Shared Key needs a token credential for Entra ID sign-in.", nameof(credential));
        }

        Account = account;
        var blobOptions = new BlobClientOptions();
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        queueOptions.MessageDecodingFailed += MoveUndecodableToPoisonAsync;
        if (transport is not null)
        {
            var pipelineTransport = new HttpClientTransport(transport);
            blobOptions.Transport = pipelineTransport;
            queueOptions.Transport = pipelineTransport;
        }

        if (account.Key is { } key)
        {
            var sharedKey = new StorageSharedKeyCredential(account.Name, Convert.ToBase64String(key));
            Blobs = new BlobServiceClient(account.BlobEndpoint, sharedKey, blobOptions);
            Queues = new QueueServiceClient(account.QueueEndpoint, sharedKey, queueOptions);
        }
        else
        {
            Blobs = new BlobServiceClient(account.BlobEndpoint, credential, blobOptions);
            Queues = new QueueServiceClient(account.QueueEndpoint, credential, queueOptions);
        }
    }

    public StorageAccount Account { get; }

    public BlobServiceClient Blobs { get; }

    public QueueServiceClient Queues { get; }

    /// <summary>
    /// A message that is not base64 (put raw by a tool or an SDK without the encoding) is never handed to a handler:
    /// like a Functions queue trigger, it goes to <c>&lt;queue&gt;-poison</c> (its raw text, now encoded) for someone to
    /// inspect, and leaves the queue.
    /// </summary>
    private async Task MoveUndecodableToPoisonAsync(QueueMessageDecodingFailedEventArgs args)
    {
        if (args.ReceivedMessage is not { } message)
        {
            return; // a peek: nothing was taken off the queue
        }

        var poison = Queues.GetQueueClient(new QueueName(args.Queue.Name).Poison.Value);
        if (args.IsRunningSynchronously)
        {
            poison.CreateIfNotExists(cancellationToken: args.CancellationToken);
            poison.SendMessage(message.Body, cancellationToken: args.CancellationToken);
            args.Queue.DeleteMessage(message.MessageId, message.PopReceipt, args.CancellationToken);
            return;
        }

        await poison.CreateIfNotExistsAsync(cancellationToken: args.CancellationToken);
        await poison.SendMessageAsync(message.Body, cancellationToken: args.CancellationToken);
        await args.Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, args.CancellationToken);
    }
}

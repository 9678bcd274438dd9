// The official Azure Storage JavaScript SDKs, driven by the storage adapter tests to prove wire compatibility:
// each command reads or writes through the SDK and prints one JSON line. The connection string comes from
// AZURE_STORAGE_CONNECTION_STRING; message text is base64 on the wire, as Azure Functions queue triggers expect.
"use strict";
const crypto = require("node:crypto");
const { BlobServiceClient, BlobClient } = require("@azure/storage-blob");
const { QueueServiceClient } = require("@azure/storage-queue");

const connectionString = process.env.AZURE_STORAGE_CONNECTION_STRING;
const [command, ...args] = process.argv.slice(2);

function sha256(buffer) {
  return crypto.createHash("sha256").update(buffer).digest("hex");
}

// Deterministic content of any size: byte i is (i * 31 + seed) mod 251, so both sides can check it by hash.
function pattern(length, seed) {
  const buffer = Buffer.alloc(length);
  for (let i = 0; i < length; i++) buffer[i] = (i * 31 + seed) % 251;
  return buffer;
}

async function main() {
  switch (command) {
    case "read-blob": {
      const [container, name] = args;
      const blob = BlobServiceClient.fromConnectionString(connectionString).getContainerClient(container).getBlobClient(name);
      const properties = await blob.getProperties();
      const content = await blob.downloadToBuffer();
      return { length: content.length, sha256: sha256(content), contentType: properties.contentType };
    }
    case "write-blob": {
      const [container, name, length, seed, contentType] = args;
      const containerClient = BlobServiceClient.fromConnectionString(connectionString).getContainerClient(container);
      await containerClient.createIfNotExists();
      const content = pattern(Number(length), Number(seed));
      await containerClient.getBlockBlobClient(name).uploadData(content, {
        blobHTTPHeaders: { blobContentType: contentType },
        blockSize: 256 * 1024,
        maxSingleShotSize: 256 * 1024,
      });
      return { length: content.length, sha256: sha256(content) };
    }
    case "read-url": {
      // A SAS URL carries its own authorization: the SDK sends no key at all.
      const [url] = args;
      const content = await new BlobClient(url).downloadToBuffer();
      return { length: content.length, sha256: sha256(content) };
    }
    case "list-blobs": {
      const [container, prefix] = args;
      const names = [];
      const containerClient = BlobServiceClient.fromConnectionString(connectionString).getContainerClient(container);
      for await (const blob of containerClient.listBlobsFlat({ prefix })) names.push(blob.name);
      return { names };
    }
    case "receive-message": {
      const [queue] = args;
      const queueClient = QueueServiceClient.fromConnectionString(connectionString).getQueueClient(queue);
      const received = await queueClient.receiveMessages({ numberOfMessages: 1, visibilityTimeout: 30 });
      if (received.receivedMessageItems.length === 0) return { found: false };
      const message = received.receivedMessageItems[0];
      await queueClient.deleteMessage(message.messageId, message.popReceipt);
      return {
        found: true,
        text: Buffer.from(message.messageText, "base64").toString("utf8"),
        dequeueCount: message.dequeueCount,
      };
    }
    case "send-message": {
      const [queue, text] = args;
      const queueClient = QueueServiceClient.fromConnectionString(connectionString).getQueueClient(queue);
      await queueClient.createIfNotExists();
      const sent = await queueClient.sendMessage(Buffer.from(text, "utf8").toString("base64"));
      return { messageId: sent.messageId };
    }
    default:
      throw new Error(`unknown command '${command}'`);
  }
}

main().then(
  (result) => process.stdout.write(JSON.stringify(result) + "\n"),
  (error) => {
    process.stderr.write(`${error.stack || error}\n`);
    process.exit(1);
  });

using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Csp.Host.Bench;
using Csp.Storage.Emulator;

namespace Csp.Host.Cli;

/// <summary>
/// <c>bench storage|engine|http</c>: <c>http</c> is the local host under load (see
/// <see cref="LoadBench.HttpLoadBenchmark"/>); the others measure against the storage in <c>--connection</c> (or the
/// <c>AzureWebJobsStorage</c> setting), else Azurite on its default ports if it is running, else an
/// in-memory Azurite started for the run. Prints one JSON object.
/// </summary>
public static class BenchCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0) throw new CommandLineException("bench needs a target: storage, engine or http.");
        var target = args[0];
        if (target == "http") return await LoadBench.HttpLoadBenchmark.RunAsync(args[1..], stdout);
        string? connection = null;
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] == "--connection" && i + 1 < args.Length) connection = args[++i];
            else throw new CommandLineException($"unknown option '{args[i]}' for bench {target}.");
        }
        if (target is not ("storage" or "engine")) throw new CommandLineException($"unknown bench target '{target}'. Targets: storage, engine, http.");

        connection ??= Environment.GetEnvironmentVariable("AzureWebJobsStorage");
        AzuriteProcess? azurite = null;
        if (string.IsNullOrEmpty(connection) || connection.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase))
        {
            // The engine benchmark's peer (DurableTask.AzureStorage) needs the queue service too.
            if (IsListening(10002) && IsListening(10001) && IsListening(10000))
            {
                connection = "UseDevelopmentStorage=true";
            }
            else
            {
                await stderr.WriteLineAsync("Starting an in-memory Azurite for the benchmark...");
                // Its connection string names the queue service as well as tables and blobs.
                azurite = await AzuriteProcess.StartAsync();
                connection = azurite.ConnectionString;
            }
        }
        try
        {
            void Log(string line) => stderr.WriteLine(line);
            object result = target == "storage"
                ? (await StorageBenchmark.RunAsync(connection, new StorageBenchmarkOptions { Log = Log }, CancellationToken.None)) switch
                {
                    var r => new Dictionary<string, double>
                    {
                        ["single_upserts_per_s"] = Math.Round(r.SingleUpsertsPerSecond, 1),
                        ["batch_transactions_per_s"] = Math.Round(r.BatchTransactionsPerSecond, 1),
                        ["batched_entities_per_s"] = Math.Round(r.BatchedEntitiesPerSecond, 1),
                        ["point_reads_per_s"] = Math.Round(r.PointReadsPerSecond, 1),
                        ["single_upsert_p99_ms"] = Math.Round(r.SingleUpsertLatency.P99Milliseconds, 2),
                        ["batch_transaction_p99_ms"] = Math.Round(r.BatchTransactionLatency.P99Milliseconds, 2),
                        ["point_read_p99_ms"] = Math.Round(r.PointReadLatency.P99Milliseconds, 2),
                    },
                }
                : (await EngineBenchmark.RunAsync(connection, new EngineBenchmark.Options { Log = Log }, CancellationToken.None)).ToJsonObject();
            await stdout.WriteLineAsync(JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
            return OperatorCommands.Ok;
        }
        finally
        {
            if (azurite is not null) await azurite.DisposeAsync();
        }
    }

    private static bool IsListening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

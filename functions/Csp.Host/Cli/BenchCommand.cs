using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Csp.Host.Bench;
using Csp.Storage.Emulator;

namespace Csp.Host.Cli;

/// <summary>
/// <c>bench storage|engine|http|cost</c>: <c>http</c> is the local host under load (see
/// <see cref="LoadBench.HttpLoadBenchmark"/>); the others measure against the storage in <c>--connection</c> (or the
/// <c>AzureWebJobsStorage</c> setting), else Azurite on its default ports if it is running, else an
/// in-memory Azurite started for the run. Prints one JSON object.
/// </summary>
public static class BenchCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0) throw new CommandLineException("bench needs a target: storage, engine, http or cost.");
        var target = args[0];
        if (target == "http") return await LoadBench.HttpLoadBenchmark.RunAsync(args[1..], stdout);
        string? connection = null;
        int idleMinutes = 5, instances = 20, referrals = 30, days = 365;
        for (var i = 1; i < args.Length; i++)
        {
            if (i + 1 >= args.Length) throw new CommandLineException($"unknown option '{args[i]}' for bench {target}.");
            var (name, value) = (args[i], args[++i]);
            switch (name)
            {
                case "--connection": connection = value; break;
                case "--idle-minutes" when target == "cost": idleMinutes = Number(name, value, 1, 120); break;
                case "--instances" when target == "cost": instances = Number(name, value, 1, 1000); break;
                case "--referrals" when target == "cost": referrals = Number(name, value, 1, 1000); break;
                case "--days" when target == "cost": days = Number(name, value, 1, 3650); break;
                default: throw new CommandLineException($"unknown option '{name}' for bench {target}.");
            }
        }
        if (target is not ("storage" or "engine" or "cost")) throw new CommandLineException($"unknown bench target '{target}'. Targets: storage, engine, http, cost.");

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
            object result = target == "cost"
                ? await TaskHubCostBenchmark.RunAsync(connection, new TaskHubCostBenchmark.Options(TimeSpan.FromMinutes(idleMinutes), instances, referrals, days, Log), CancellationToken.None)
                : target == "storage"
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

    private static int Number(string name, string text, int min, int max) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new CommandLineException($"{name} must be a whole number from {min} to {max}.");

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

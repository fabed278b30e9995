using RestoreMutator.Bench.Floor;

// dotnet RestoreMutator.Bench.Floor.dll PORT CERT_PEM KEY_PEM [http2]
if (args.Length < 3)
{
    await Console.Error.WriteLineAsync("usage: RestoreMutator.Bench.Floor PORT TLS_CRT TLS_KEY [http2]");
    return 2;
}

var app = FloorServer.Build(int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture), args[1], args[2], args.Length > 3 && args[3] == "http2");
await app.RunAsync();
return 0;

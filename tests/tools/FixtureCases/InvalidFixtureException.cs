namespace RestoreMutator.FixtureCases;

/// <summary>A fixture, config or argument the converter cannot turn into a case; stops the run.</summary>
internal sealed class InvalidFixtureException(string message) : Exception(message);

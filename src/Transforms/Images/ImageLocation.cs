namespace RestoreMutator.Transforms.Images;

/// <summary>An image reference found in an object: the JSON pointer of the string and its value.</summary>
public readonly record struct ImageLocation(string Path, string Image);

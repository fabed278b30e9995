namespace RestoreMutator.Transforms.Configuration;

/// <summary>A <c>{from, to}</c> pair of <c>registry.rewrites</c> or <c>routes.domainRewrites</c>.</summary>
public sealed record PrefixRewrite(string From, string To);

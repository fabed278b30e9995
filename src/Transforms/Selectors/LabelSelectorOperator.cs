namespace RestoreMutator.Transforms.Selectors;

/// <summary>The operators of a <c>matchExpressions</c> requirement (Kubernetes <c>metav1.LabelSelectorOperator</c>).</summary>
public enum LabelSelectorOperator
{
    /// <summary>The label is set to one of the values.</summary>
    In,
    /// <summary>The label is absent, or set to none of the values.</summary>
    NotIn,
    /// <summary>The label is set, to any value.</summary>
    Exists,
    /// <summary>The label is absent.</summary>
    DoesNotExist,
}

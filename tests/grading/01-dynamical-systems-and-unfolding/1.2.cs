// Hidden tests of exercise 1.2 (regime from the eigenvalues of W).
[GradedTest(1, Message = "A rotation with gain above 1 has complex eigenvalues: oscillating.")]
void Classify_LargeRotation_IsOscillating() =>
    Check.Equal(
        "oscillating",
        Classify(
            new[,]
            {
                { 1.2 * Math.Cos(0.7), -1.2 * Math.Sin(0.7) },
                { 1.2 * Math.Sin(0.7), 1.2 * Math.Cos(0.7) },
            }
        ),
        "Classify(1.2·R(0.7))"
    );

[GradedTest(
    1,
    Message = "Use the spectral radius, not the entries: W = [[0.9, 0.9], [-0.9, 0.9]] has ρ ≈ 1.27."
)]
void Classify_LargeEntriesComplex_IsOscillating() =>
    Check.Equal(
        "oscillating",
        Classify(
            new[,]
            {
                { 0.9, 0.9 },
                { -0.9, 0.9 },
            }
        ),
        "Classify([[0.9, 0.9], [-0.9, 0.9]])"
    );

[GradedTest(
    1,
    Message = "Triangular W = [[1.1, 0.2], [0, 0.3]] has real eigenvalues 1.1 and 0.3: bistable."
)]
void Classify_TriangularRealEigenvalue_IsBistable() =>
    Check.Equal(
        "bistable",
        Classify(
            new[,]
            {
                { 1.1, 0.2 },
                { 0.0, 0.3 },
            }
        ),
        "Classify([[1.1, 0.2], [0, 0.3]])"
    );

[GradedTest(1, Message = "ρ < 1 with real eigenvalues is still contracting.")]
void Classify_SmallRealEigenvalues_IsContracting() =>
    Check.Equal(
        "contracting",
        Classify(
            new[,]
            {
                { 0.5, 0.3 },
                { 0.1, -0.4 },
            }
        ),
        "Classify([[0.5, 0.3], [0.1, −0.4]])"
    );

"""Model answer for the free-text question (graded by a person)."""

PUPPY_OR_BAGEL = """
- Run the three networks on a large unlabelled image collection and keep images whose top
  two classes are semantically far apart (e.g. an animal and a food) with close probabilities,
  or high entropy in the probability vector.
- Keep images where the three networks disagree with each other, each confidently.
- Start from a known confusing pair (chihuahua/muffin) and search for more images near the
  decision boundary of those two classes, or whose feature embeddings are close to both.
- Check the candidates by hand: the goal is images a person finds funny-ambiguous too.
"""

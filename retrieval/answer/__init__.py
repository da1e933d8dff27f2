"""Answer stage: question understanding, re-ranking, composition, the knowledge base facade."""

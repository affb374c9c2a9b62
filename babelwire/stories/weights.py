"""Learned weights of the story models (written by ``scripts/fit_stories.py``; order = FEATURE_NAMES).

Fitted on half of the dev data (see the script's docstring for the splits), never on what is reported.
"""

# Linear model of human similarity ratings (SemEval-2022 Task 8 fit split), output clipped to [0, 1].
SIMILARITY = {"bias": -0.2788, "w": [0.4116, 0.0553, 0.1027, 0.6747, 0.0, 0.0, 0.0, 0.1068, 0.4313, 0.0433]}
# The same without embeddings (no embedder, or an article or cluster without one).
SIMILARITY_NO_EMB = {"bias": -0.0167, "w": [1.25, 0.22, 0.13, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]}
# Logistic model: an article joins a candidate story (its evidence against the story's centroid).
STORY = {"bias": -6.7081,
         "w": [0.7548, 4.9166, 3.9641, 6.0858, 0.0, 0.0, -0.0944, -3.3854, 0.5269, 1.0089]}
STORY_THRESHOLD = 0.2
# Logistic model: a new story joins a candidate storyline (order = storylines.FEATURES); fitted on
# bsnlp_topics brexit/ryanair/asia_bibi, the day_gap weight set to the prior GAP_PRIOR of the script.
STORYLINE = {"bias": 0.3132,
             "w": [1.031, 6.6609, 6.9398, 2.7374, -1.4856, -0.2607, -0.5, -0.7355, 2.022, 2.5722]}
STORYLINE_THRESHOLD = 0.4
# The story and storyline models refitted with no embeddings at all (same thresholds).
STORY_NO_EMB = {"bias": -5.2592,
                "w": [2.387, 7.3246, 5.1082, 0.0, 0.0018, 0.0, 0.0018, -3.5718, 1.8007, 1.7107]}
STORYLINE_NO_EMB = {"bias": 0.5411,
                    "w": [1.3074, 8.1189, 7.3071, 0.0, -0.7532, -0.2275, -0.5, -0.1536, 3.2173, 0.5805]}

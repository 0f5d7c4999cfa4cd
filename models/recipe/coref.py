"""Templated coreference sentences, written for lmdiff from scratch.

Each sentence names two occupations and one pronoun; the template fixes which
occupation the pronoun refers to (by the meaning of the sentence, as in the
Winograd-style sets the LMdiff paper uses).  Two versions are produced: the
sentence alone, and the sentence with the addendum "[pronoun] refers to the
[occupation]", so that a user can compare how two models score the
resolution itself.
"""
import itertools

OCCUPATIONS = ["doctor", "nurse", "lawyer", "teacher", "farmer", "baker", "pilot", "engineer", "secretary",
               "carpenter", "librarian", "mechanic", "cashier", "chef", "dancer", "driver", "editor", "guard",
               "janitor", "judge", "painter", "plumber", "sheriff", "tailor", "writer"]
PRONOUNS = [("he", "his", "him"), ("she", "her", "her"), ("they", "their", "them")]
# (template, index of the referent among (A, B)).  {p} subject pronoun,
# {q} possessive, {o} object.
TEMPLATES = [
    ("The {a} called the {b} because {p} needed help with the forms.", 0),
    ("The {a} called the {b} because {p} knew how to fill in the forms.", 1),
    ("The {a} thanked the {b} because {p} had fixed the door.", 1),
    ("The {a} paid the {b} after {p} finished the work.", 1),
    ("The {a} warned the {b} that {p} would be late tomorrow.", 0),
    ("The {a} asked the {b} whether {p} could borrow a pen.", 0),
    ("The {a} visited the {b} because {p} missed {q} old friend.", 0),
    ("The {a} hired the {b} because {p} was good at the job.", 1),
    ("The {a} admired the {b} because {p} never gave up.", 1),
    ("The {a} blamed the {b} because {p} had lost the keys.", 1),
]


def pairs():
    # Deterministic, balanced pairs: each occupation meets several others.
    out = []
    n = len(OCCUPATIONS)
    for step in (1, 3, 7):
        for i in range(n):
            out.append((OCCUPATIONS[i], OCCUPATIONS[(i + step) % n]))
    return out


def generate():
    alone, addendum = [], []
    for (tpl, ref), (a, b), (p, q, o) in itertools.product(TEMPLATES, pairs()[:25], PRONOUNS):
        s = tpl.format(a=a, b=b, p=p, q=q, o=o)
        if p == "they":
            s = s.replace("they was", "they were")
        alone.append(s)
        addendum.append(f"{s} {p.capitalize()} refers to the {(a, b)[ref]}.")
    return alone, addendum


if __name__ == "__main__":
    a, b = generate()
    print(len(a), a[:3], b[:3])

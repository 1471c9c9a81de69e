"""The query language on its own: parsing, synonyms, errors."""

from __future__ import annotations

import inspect
import re
from datetime import date, timedelta
import pytest

from segsearch.errors import QueryError
from segsearch.query import And, Node, Not, Or, Term, parse, positive_classes
from segsearch.query.parser import EVERY_PHOTO, coloured, parse_noting
from segsearch.vocabulary import COLOUR_WORDS


@pytest.mark.parametrize("text, expected", [
    ("car and pedestrian", And((Term("car"), Term("person")))),
    ("images containing a dog", Term("dog")),
    ("at least 3 people", Term("person", ">=", 3)),
    ("2 person", Term("person", ">=", 2)),
    ("exactly two bikes", Term("bicycle", "=", 2)),
    ("at most 1 car", Term("car", "<=", 1)),
    ("car > 10%", Term("car", ">=", 1, ">", 0.10)),
    ("motorcycle or airplane", Or((Term("motorcycle"), Term("airplane")))),
    ("tv and couch", And((Term("tv"), Term("sofa")))),
    ("dining table, potted plant", And((Term("table"), Term("potted plant")))),
    ("people on the beach", And((Term("person"), parse("sand and (sea or water or sky or umbrella or surfboard)")))),
    ("a dog on a sofa", And((Term("dog"), Term("sofa")))),
    ("cars on the road", And((Term("car"), Term("road")))),
    ("a man riding a horse", And((Term("person"), Term("horse")))),
    ("traffic lights and fire hydrants", And((Term("traffic light"), Term("fire hydrant")))),
    ("0 dogs", Term("dog", "=", 0)),
    ("ship", Term("boat")),
    ("person without car", And((Term("person"), Not(Term("car"))))),
    ("photos with no people", Not(Term("person"))),
    ("with dogs", Term("dog")),
    # alternatives said first are one operand of "but", "with", "without" (`_alternatives_first`)
    ("cat or dog but not person", And((Or((Term("cat"), Term("dog"))), Not(Term("person"))))),
    ("cat or dog and not person", Or((Term("cat"), And((Term("dog"), Not(Term("person"))))))),  # "and": formal
    ("dogs except cats on a sofa", And((Term("dog"), Not(Term("cat")), Term("sofa")))),
    ("a kitchen with an oven but no people", And((parse("kitchen"), Term("oven"), Not(Term("person"))))),
    ("not (cat or dog)", Not(Or((Term("cat"), Term("dog"))))),
    ("(cat or dog) and sofa", And((Or((Term("cat"), Term("dog"))), Term("sofa")))),
    ("Buses", Term("bus")),
    ("sheep", Term("sheep")),
    ("dog cat", And((Term("dog"), Term("cat")))),
    # as people type them: questions, punctuation, possessives, contractions, hyphens, lists
    ("What photos have cats?", Term("cat")),
    ("dogs!", Term("dog")),
    ("a dog's toy", Term("plaything")),  # whose it is: the dog need not be in the photo
    ("my kid's bedroom", Term("bed")),
    ("the kids' toys", Term("plaything")),
    ("it's a dog", Term("dog")),  # "it's" owns nothing
    ("someone's car", Term("car")),  # "someone's" owns the car, and is no person in the photo
    ("everyone's on the beach", And((Term("person"), parse("beach")))),  # owns nothing: is
    ("kids playing at home", And((Term("person"), parse("indoors")))),  # at home: inside
    ("working from home", parse("indoors")), ("my home", Term("house")),
    ("my friend's dog and my cat", And((Term("dog"), Term("cat")))),
    ("my friend's party", Term("person")),  # nothing of the friend's to find: the friend
    ("a cat's face", Term("cat")),  # the cat's own face, not a person
    ("a clock face", Term("clock")), ("a dog face", Term("dog")), ("a table leg", Term("table")),  # its part
    ("the face of a clock", Term("clock")), ("dog hair on the sofa", And((Term("dog"), Term("sofa")))),
    ("a cat on my lap", And((Term("cat"), Term("person")))), ("a cat with orange eyes", Term("cat")),
    ("turquoise water", Term("water", colour="blue")), ("a khaki tent", Term("tent", colour="brown")),  # paint's names
    ("a close-up of a face", Term("person", ">=", 1, ">=", 0.2)),  # a close-up: a fifth of the photo
    ("photos that don't have people", Not(Term("person"))),
    ("hair-dryer", Term("hair drier")),
    ("t-shirt", Term("apparel")),
    ("cars, buses, and trucks", And((Term("car"), Term("bus"), Term("truck")))),
    ("cats, dogs, or birds", Or((Term("cat"), Term("dog"), Term("bird")))),
    ("cats, dogs or birds", Or((Term("cat"), Term("dog"), Term("bird")))),
    ("cats, but not dogs", And((Term("cat"), Not(Term("dog"))))),
    # negations and alternatives as people write them: never left out as unknown words
    # counts said in words, for objects; nothing a network could count before stuff or a scene
    ("many people", Term("person", ">=", 3)),
    ("a couple of dogs", Term("dog", ">=", 2)),
    ("a few birds on a lot of grass", And((Term("bird", ">=", 2), Term("grass")))),
    ("several big dogs", Term("dog", ">=", 3)),
    ("how many dogs", Term("dog")),
    # bounds said around the count, as people type them
    ("3 people or more", Term("person", ">=", 3)), ("2 red cars or fewer", Term("car", "<=", 2, colour="red")),
    ("max 4 people", Term("person", "<=", 4)), ("4 people max", Term("person", "<=", 4)),
    ("a minimum of 2 dogs", Term("dog", ">=", 2)), ("≥2 dogs", Term("dog", ">=", 2)),
    ("2 dogs or more cats", Or((Term("dog", ">=", 2), Term("cat")))),  # "or more" of the cats: as said
    ("3 ppl", Term("person", ">=", 3)), ("dog pics pls", Term("dog")),
    ("a sea of people", Term("person")), ("a sea of clouds", Term("sky")),  # as "a herd of": the things
    ("boats on the sea", And((Term("boat"), Term("sea")))),
    ("a couple on the beach", And((Term("person", ">=", 2), parse("beach")))),
    ("I like dogs a lot", Term("dog")),
    ("neither cats nor dogs", And((Not(Term("cat")), Not(Term("dog"))))),
    ("a beach with nobody", And((parse("beach"), Not(Term("person"))))),
    ("a street with no one", And((parse("street"), Not(Term("person"))))),
    ("dog -cat", And((Term("dog"), Not(Term("cat"))))),
    ("+dog +cat", And((Term("dog"), Term("cat")))),
    ("dog/cat", Or((Term("dog"), Term("cat")))),
    ("cats and/or dogs", Or((Term("cat"), Term("dog")))),
    ("dog && cat", And((Term("dog"), Term("cat")))),
    ("dog || cat", Or((Term("dog"), Term("cat")))),
    ("either a cat or a dog", Or((Term("cat"), Term("dog")))),
    ("I'm looking for pics of my dog,", Term("dog")),
    ("a picture of a person", Term("person")),  # a photo of one, not a painting
    ("a picture on the wall", And((Term("painting"), Term("wall")))),
    ("the picture where my dog is on the couch", And((Term("dog"), Term("sofa")))),  # the photo
    ("a picture hanging over the sofa", And((Term("painting"), Term("sofa")))),
    ("a photo i took of a bus", Term("bus")),  # "took" was a typo of book
    ("person, (cat, dog or bird)", And((Term("person"), Or((Term("cat"), Term("dog"), Term("bird")))))),
    ("car > 2.5%", Term("car", ">=", 1, ">", 0.025)),
    # activities name what shows them; kinds no network labels, the concept that holds them
    ("people skiing", And((Term("person"), Term("skis")))),
    ("a tiger in the grass", And((Term("animal"), Term("grass")))),
    ("an eagle", Term("bird")),
    ("tomatoes", Term("food")),
    ("golden retrievers", Term("dog")),
    ("a tabby cat", Term("cat")),
])
def test_parses(text: str, expected) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize("text, expected, unseen", [
    ("a wooden car", Term("car"), ["wooden"]),
    ("big dog on a small sofa", And((Term("dog"), Term("sofa"))), ["big", "small"]),
    ("oranges", Term("orange"), []),  # a vocabulary word is never a describing word
    ("the wild elephants", Term("elephant"), ["wild"]),
    ("car", Term("car"), []),
    ("I need a photo depicting a laptop", Term("laptop"), []),  # words of asking, not of the photo
    ("nothing but water", Term("water"), []),  # only water, as "just water": no unseen 'nothing'
    ("cats adn dogs on teh sofa", And((Term("cat"), Term("dog"), Term("sofa"))), []),  # little words' slips
    ("dogs wiht a ball", And((Term("dog"), Term("ball"))), []),  # not "did you mean 'tea'?"
    ("a dog form", Term("dog"), ["form"]),  # a word of its own, not a mistyped "from"
    ("two busses", Term("bus", ">=", 2), []), ("cactuses", Term("plant"), []),  # either plural
    ("a person holding an umbrella in the rain", And((Term("person"), Term("umbrella"))), ["rain"]),
    ("dog in the fog", Term("dog"), ["fog"]),  # fog is a slip from dog: listed, not a did-you-mean
    ("a birthday cake", Term("cake"), ["birthday"]),
    ("sheep grazing in a field", And((Term("sheep"), Term("field"))), ["grazing"]),
    ("snow-covered mountains", Term("mountain"), ["covered", "snow"]),  # snow beside a thing: named
    ("close-up of a flower", Term("flower", ">=", 1, ">=", 0.2), []),
    ("the eiffel tower", Term("building"), ["eiffel"]),  # unknown and nothing near it
    ("xylophones and cats", Term("cat"), ["xylophones"]),
    ("elefant on the grass", Term("grass"), ["elefant"]),  # two slips from elephant: left out, with a hint
    ("an airplane taking off", Term("airplane"), ["taking"]),  # a verb one slip from an activity (baking)
    ("a snowy road with cars", And((Term("road"), Term("car"))), ["snowy"]),  # no network sees snow itself
    ("vegetables on a cutting board", Term("vegetable"), ["cutting", "board"]),  # a board is no surfboard
    ("a hot cup of coffee", Term("cup"), ["hot"]),  # hot is no hat
    ("hot dogs", Term("hot dog"), []),
    ("an espresso cup on a saucer", And((Term("cup"), Term("plate"))), []),
    ("new york city street", And((parse("city"), parse("street"))), ["new", "york"]),  # york is a place, not fork
    ("a frisbee in the air", Term("frisbee"), []),
    ("a person in a space suit", And((Term("person"), Term("apparel"))), ["space"]),
    ("an elephant with its trunk up", Term("elephant"), ["trunk"]),  # no network labels a trunk (nor a truck)  # a conjunction whose operand was left out joins nothing
    ("a person with xylophones, but no dog", And((Term("person"), Not(Term("dog")))), ["xylophones"]),
])
def test_describing_words_are_skipped_and_reported(text: str, expected, unseen: list[str]) -> None:
    from segsearch.query import ignored_words

    assert parse(text) == expected and ignored_words(text) == unseen


@pytest.mark.parametrize("text, message", [
    ("", "empty query"),
    ("   ", "empty query"),
    ("of the", "empty query"),
    ("cat and", "the query ends after 'and' where a thing was expected: say what, e.g. \"a dog and a cat\""),
    ("(cat or dog", "never closed"),
    ("cat)", "without a matching"),
    ("catt", "did you mean 'cat'"),
    ("unicorn", "unknown word 'unicorn'"),
    ("car > 150%", "outside 0-100%"),
    ("people > 2", "write 'person > 2%', or 'more than 2 people' to count"),  # a count typed as an area bound
    ("dogs=0", "write 'dog = 0%', or '0 dogs' to count"),
    ("car > -5%", "a number was expected, got '-5'"),
    ("car >", "number was expected"),
    ("and dog", "unexpected 'and'"),
    ("3 > 10%", "needs a class"),
    ("the red one", "reads 'red' only before an object it colours"),
    ("a blak dog", "did you mean 'black'"),  # a colour mistyped is a did-you-mean like any word
    ("yelow bus", "did you mean 'yellow'"),
    ("wooden", "does not see 'wooden'"),
    ("grazing", "does not see 'grazing'"),
    # an action skipped beside a thing ("a dog running"), said alone, was an "empty query"
    ("swimming", "does not see 'swimming'"),
    ("people are sleeping", None),
    ("running", "does not see 'running'"),
    ("the thing", "empty query"),  # shaped like an action, and no action
    ("eiffel", "unknown word 'eiffel'"),  # nothing else to search for
    ("dgo on the beach", "did you mean 'dog'"),  # a slip from an object: not left out
    ("buiding and car", "did you mean 'building'"),  # -ing, but a slip from a vocabulary word
    ("dogs without leashes", "no network of segsearch labels 'leashes'"),  # the negated word: never left out
    ("screenshots", "no network of segsearch labels 'screenshots'"),  # not "did you mean screens?"
    ("thousands of stars", "no network of segsearch labels 'stars'"),  # not an unknown 'thousands'
    ("jewelry", "no network of segsearch labels 'jewelry'"),  # an English word, not an unknown one
    ("hay", "no network of segsearch labels 'hay'"),
    ("pictures from the wedding reception", "does not see 'wedding', 'reception'"),  # not an unknown word
    ("bamboo", "no network of segsearch labels 'bamboo'"),  # ADE20K has it as plant or tree: neither alone
    ("musical instruments", "no network of segsearch labels 'musical instruments'"),
    ("the eiffel and", "ends after 'and' where a thing was expected"),
    ("xylophones or qwxv", "unknown word 'xylophones'"),
    ("cats or (xylophones)", "unknown word 'xylophones'"),
])
def test_errors_are_one_line(text: str, message: str | None) -> None:
    if message is None:  # beside a thing, the action is skipped
        assert parse(text) == Term("person")
        return
    with pytest.raises(QueryError) as info:
        parse(text)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_positive_classes_skip_negations() -> None:
    assert positive_classes(parse("car and person and not dog")) == ["car", "person"]
    assert positive_classes(parse("not (cat or dog)")) == []


@pytest.mark.parametrize("text, anchored", [
    ("person", True), ("car and person", True), ("dog or cat", True), ("person and not dog", True),
    ("not person", False), ("person or not dog", False), ("at least 2 people", True),
    ("exactly 0 dogs", False), ("fewer than 2 cars", False), ("car > 10%", True),
])
def test_which_queries_need_a_positive_class(text: str, anchored: bool) -> None:
    from segsearch.query import requires_a_positive_class

    assert requires_a_positive_class(parse(text)) is anchored


def test_a_vocabulary_word_that_begins_with_a_filler_word_is_that_word() -> None:
    """'swimming' and 'playing' are filler verbs ("a dog swimming"), but "swimming pool" and
    "playing field" are vocabulary words: the longer word wins (both were refused or misread)."""
    from segsearch.query.parser import FILLER
    from segsearch.vocabulary import vocabulary

    words = vocabulary().words
    starting_with_filler = [w for w in words if " " in w and w.split()[0] in FILLER]
    assert {"swimming pool", "playing field"} <= set(starting_with_filler)
    for word in starting_with_filler:
        name = words[word]
        assert parse(word) == parse(name), word  # the word means its concept, not its last token
    assert parse("kids swimming in a swimming pool") == And((Term("person"), Term("swimming pool")))
    assert parse("a dog swimming") == Term("dog")  # a lone filler verb is still filler
    assert parse("a cat inside the car") == parse("a cat and a car")  # a word of place before what it places
    assert parse("a cat inside") == parse("a cat indoors")  # and, placing nothing, the place


def test_the_note_says_which_words_were_not_seen_and_which_are_unknown() -> None:
    from segsearch.query.parser import unseen_note

    note = unseen_note(["wooden", "grazing", "eiffel", "wooden", "red"])
    assert note.startswith("segsearch does not see 'wooden', 'grazing' (") and "does not know 'eiffel'" in note
    assert "reads 'red' only before an object it colours" in note
    assert unseen_note(["eiffel"]).startswith("segsearch does not know 'eiffel'")
    assert "does not know" not in unseen_note(["rain"])
    assert "does not know 'elefant' (did you mean 'elephant'?)" in unseen_note(["elefant"])
    # no network labels it: said so, and no near word offered
    assert unseen_note(["rocket"]) == "segsearch has no network that labels 'rocket'"


def test_no_word_is_left_out_silently_or_mistaken_for_a_vocabulary_word() -> None:
    """Every skipped word is named (ignored_words) and no vocabulary word is ever skipped: each
    concept word, alone and in a phrase, parses to its own concept."""
    from segsearch.query import ignored_words
    from segsearch.query.parser import FILLER, UNINDEXED, UNLABELLED, skippable_word
    from segsearch.vocabulary import STAND_INS, vocabulary

    words = vocabulary().words
    assert not ((UNINDEXED | UNLABELLED) & set(words)) and not any(skippable_word(w) for w in words)
    for word, name in words.items():
        if word in FILLER:
            continue
        # a word for a stand-in scene that is no stand-in word itself ("ski slope") keeps it beside grass
        expected = And((parse(name), Term("grass"))) if name in STAND_INS and word not in STAND_INS \
            else parse(f"{name} and grass")
        assert parse(f"a {word} on the grass") == expected, word
    assert ignored_words("a wooden dog grazing near the eiffel tower") == ["wooden", "grazing", "eiffel"]
    assert parse("xylophones or cats") == parse("dogs, xylophones, or cats").items[1] == Term("cat")  # type: ignore[union-attr]
    assert parse("(xylophones or cats) and a sofa") == parse("cat and sofa")
    assert parse("a hot dog with mustard and xylophones") == parse("hot dog and food")
    assert parse("a double decker bus") == Term("bus")  # each term once


# Everyday queries written after the phrasing work, as a check it had not been tuned on: 21 of these
# 50 were refused by the parser before that work; two fixes came from this list afterwards ("taking
# off" read as a typo of "baking", "in the air" of "hair"), so it is a regression list now.
EVERYDAY = [
    "a woman walking her dog in the park",
    "children playing on the grass",
    "a man sitting on a bench reading a newspaper",
    "a cat lying on a windowsill",
    "a horse grazing in a meadow",
    "a sailboat on the lake at sunset",
    "people having dinner at a restaurant",
    "a plate of spaghetti and meatballs",
    "a car driving on a highway",
    "a motorcycle parked in front of a house",
    "a bus stopped at a bus stop",
    "a train crossing a bridge",
    "an airplane taking off",
    "a kid eating an ice cream cone",
    "two people riding bikes",
    "a girl playing with her puppy",
    "a living room with a fireplace and a couch",
    "a modern kitchen with white cabinets",
    "a bathroom mirror",
    "a cozy bedroom",
    "a dog running on the beach",
    "surfers waiting for waves",
    "a skier going down a slope",
    "snow on the trees",
    "a laptop, a phone and a coffee mug on a desk",
    "a stack of books",
    "a bowl of cereal with a spoon",
    "a sandwich on a plate",
    "a pizza in a box",
    "a wedding cake",
    "a cow standing in a field",
    "a flock of birds over the ocean",
    "a zebra and a giraffe",
    "a bear catching fish",
    "a teddy bear on a bed",
    "a man wearing glasses",
    "a woman with an umbrella on a rainy day",
    "a baseball player at bat",
    "a tennis player hitting the ball",
    "a soccer ball on the grass",
    "a frisbee in the air",
    "a kite on the beach",
    "people at a train station",
    "a traffic light at an intersection",
    "a fire hydrant next to the road",
    "street signs",
    "a clock on a building",
    "a vase of roses on a table",
    "potted plants by the window",
    # a second batch, written once the first was answered: 32 refused before the phrasing work, 4
    # by the parser as it then was (a dog breed, a city, "vet", and fireworks, which no network sees)
    "sunset beach palm trees",
    "golden retriever",
    "my kids at the playground",
    "grandma's birthday",
    "food",
    "selfie with friends",
    "mountain hiking trail",
    "new york city street",
    "dog at the vet",
    "baby sleeping in a crib",
    "cat on the keyboard",
    "laptop on the kitchen table",
    "christmas tree with presents",
    "a snowy road with cars",
    "concert crowd",
    "a red sports car",
    "boats docked at the marina",
    "a horse race",
    "a herd of cows on a farm",
    "farm animals",
    "pets",
    "wildlife photos",
    "a pizza and a beer",
    "coffee and cake",
    "a salad bowl",
    "a bicycle in the city",
    "motorbike on a country road",
    "airplane wing view from the window",
    "an airport terminal",
    "a bus full of people",
    "train station platform",
    "a bridge at night",
    "an old church",
    "a castle on a hill",
    "a lake surrounded by mountains",
    "waterfall in the forest",
    "kids swimming in the pool",
    "a soccer match in a stadium",
    "tennis court",
    "skateboarders in a park",
    "a skier on a snowy slope",
    "surfer riding a big wave",
    "someone reading a book on the sofa",
    "a chef cooking in a restaurant kitchen",
    "a woman shopping at the market",
    "a man fixing a bike",
    "people waiting at a crosswalk",
    "a clock tower in the town square",
    "a bench under a tree",
    # a third, written once the second was answered and measured before any change: 17 refused before
    # the phrasing work, 3 by the parser as it was (sunset, a birthday party, wedding photos: nothing
    # any network sees, still one error line each); it led to one fix ("a cutting board" no surfboard)
    "beach",
    "dogs playing",
    "cat",
    "kids",
    "car",
    "food on a plate",
    "family picnic",
    "city at night",
    "snow",
    "mountains",
    "flowers",
    "my dog in the garden",
    "people dancing at a party",
    "a man on a horse",
    "a woman holding a baby",
    "a boy with a ball",
    "a girl on a bike",
    "friends at a bar",
    "a cup of tea",
    "a glass of red wine",
    "a bottle of water",
    "a plate of cookies",
    "a bowl of soup",
    "fruit basket",
    "vegetables on a cutting board",
    "a kitchen sink full of dishes",
    "a messy desk with a computer",
    "a tv in the living room",
    "a bed with white sheets",
    "a toilet and a sink",
    "a bathtub",
    "a staircase in a house",
    "a car parked on the street",
    "a truck on the highway",
    "a motorcycle rider",
    "a bus stop with people",
    "a sailboat on the ocean",
    "a cruise ship",
    "a plane in the sky",
    "a train in the countryside",
    "a fire truck",
    "a police car",
    "an ambulance",
    "a tractor on a farm",
    "sheep in a field",
    "cows grazing",
    "a bird on a fence",
    # a fourth batch of 50, written in a later session and measured before any change it led to:
    # 2 refused ("a sandwich and chips": chips taken for a typo of ships; "a snowman", which no
    # network labels and stays one error line); chips are food now
    "kids playing in the snow",
    "a cat sleeping on the couch",
    "my car parked in the driveway",
    "people having dinner at a restaurant",
    "a boat on the lake at sunset",
    "two dogs running on the beach",
    "a horse in a field",
    "cows grazing in a meadow",
    "a man riding a motorbike",
    "pictures from our trip to the mountains",
    "a plate of pasta",
    "a glass of red wine on the table",
    "someone holding an umbrella in the rain",
    "an old church",
    "a bridge over the river",
    "skyscrapers downtown",
    "a train at the station",
    "a city street at night",
    "a living room with a fireplace",
    "a bathroom mirror",
    "a bedroom with a big bed",
    "a child with a teddy bear",
    "a laptop on a desk",
    "a woman reading a book on a bench",
    "a sheep in the grass",
    "a bird sitting on a branch",
    "flowers in a vase",
    "a bowl of fruit",
    "a pizza with pepperoni",
    "a person surfing a wave",
    "ducks in a pond",
    "a picnic in the park",
    "tennis players on a court",
    "a kid on a skateboard",
    "an airplane in the sky",
    "cars stuck in traffic",
    "a dog catching a frisbee",
    "a cat looking out the window",
    "a family photo on the sofa",
    "a sandwich and chips",
    "cupcakes on a plate",
    "my bike leaning against a wall",
    "a cyclist on a mountain road",
    "boats in the harbor",
    "a lighthouse by the sea",
    "a waterfall in the forest",
    "a tent in the woods",
    "a computer screen with a keyboard and mouse",
    "the kitchen sink full of dishes",
    # a fifth batch of 50, typed as into a search box ("beach family", "xmas tree"): none refused
    # before the change it led to (flowers and body parts by name, grassland), which it checks
    "beach family",
    "dog park",
    "xmas tree",
    "birthday cake with candles",
    "baby sleeping",
    "kids soccer game",
    "bbq in the backyard",
    "our new kitchen",
    "car interior",
    "plane window view",
    "hotel room",
    "airport terminal",
    "skiing trip",
    "hiking in the mountains",
    "camping by the lake",
    "fishing boat",
    "horse riding",
    "a cat on a keyboard",
    "my desk setup",
    "coffee and laptop",
    "street food",
    "sushi dinner",
    "ice cream cone",
    "fruit salad",
    "breakfast table",
    "cheese plate",
    "a red sports car",
    "vintage car",
    "motorcycle on a road trip",
    "bikes parked outside",
    "a dog in the car",
    "dogs playing in the snow",
    "cat in a box",
    "puppy on the bed",
    "parrot on a shoulder",
    "elephants at the zoo",
    "a giraffe eating leaves",
    "zebras in the savanna",
    "flowers in the garden",
    "sunflowers field",
    "a tree in autumn",
    "city skyline",
    "graffiti wall",
    "empty street",
    "people crossing the street",
    "bus stop in the rain",
    "train tracks",
    "harbour with boats",
    "living room couch and tv",
    "bathroom sink and mirror",
    # a sixth batch, of scenes and rooms: 8 of 50 refused before the change it led to (rooms no
    # network labels are indoors; shops by trade are places), 1 after ("a supermarket aisle", an error)
    "a messy bedroom",
    "an office with computers",
    "a classroom",
    "a gym",
    "a library",
    "a parking lot",
    "a playground",
    "a swimming pool",
    "a garden with a fountain",
    "a church interior",
    "a stadium",
    "a farm",
    "a forest path",
    "a desert road",
    "a snowy mountain",
    "a city park",
    "an airport runway",
    "a hallway",
    "a staircase",
    "an empty room",
    "a dining room",
    "a home office",
    "a laundry room",
    "a garage",
    "a balcony with plants",
    "a rooftop",
    "a backyard pool",
    "a bookshelf",
    "a coffee shop",
    "bread at the bakery",
    "a bar counter",
    "a hotel lobby",
    "a train interior",
    "inside a bus",
    "a kitchen table with food",
    "a picnic table",
    "a wooden bridge",
    "a stone wall",
    "a brick building",
    "a glass building",
    "a skyscraper at night",
    "a street market",
    "a traffic jam",
    "a highway at night",
    "a country road",
    "a dirt road",
    "railroad tracks",
    "a river in the forest",
    "a mountain lake",
]


# Five lists of a later session (phone typing, years and pronouns, British words and counts, longer
# sentences, places alone), read before the changes they led to; the queries of nothing a network
# sees are left out of this list (each is one error line).
EVERYDAY_AS_TYPED = [
    "three red cars on the street",
    "a white dog and a black cat on the sofa",
    "at least 2 yellow taxis",
    "red cars > 10%",
    "mostly blue sky",
    "a close-up of a red flower",
    "a red or blue car",
    "a red-and-white bus",
    "red-car",
    "a car in red",
    "my red bike",
    "a black and white dog on the grass",
    "blue and yellow flowers",
    "a green and yellow bus",
    "grey clouds over the sea",
    "a white wedding dress",
    "a dark room",
    "a white horse and a brown horse",
    "red car or blue bus but not both",
    "exactly one red car",
    "a pink flamingo",
    "a red light",
    "green traffic light",
    "a white dog's bed",
    "white sand beach",
    "a brown bear in the river",
    "a grey squirrel on a tree",
    "a red fox",
    "a black car parked next to a white van",
    "a yellow umbrella in the rain",
    "a blue bowl of fruit",
    "a red apple on a white plate",
    "colorful umbrellas",
    "red car",
    "a red car parked on the street",
    "blue sky with white clouds",
    "a black dog on the beach",
    "white cat sleeping on a bed",
    "a girl in a pink dress",
    "a man in a blue shirt",
    "yellow taxi",
    "a yellow school bus",
    "green grass and trees",
    "a brown horse in a field",
    "a white horse",
    "black and white cat",
    "a red and white bus",
    "my blue car",
    "the red truck",
    "a woman with a red umbrella",
    "orange cat on a couch",
    "a grey cat",
    "a gray elephant",
    "golden retriever in the snow",
    "a silver car",
    "a black car and a white car",
    "red apples",
    "a bowl of green apples",
    "yellow bananas",
    "a red rose",
    "purple flowers",
    "a pink cake",
    "white plates on a table",
    "a brown teddy bear",
    "a blue boat on the water",
    "white sailboats",
    "a green bench in the park",
    "a red fire hydrant",
    "a red stop sign",
    "a red double decker bus in london",
    "dark blue car",
    "light green wall",
    "a white kitchen",
    "red brick building",
    "white snow on the mountains",
    "a blue surfboard on the beach",
    "a man with a black backpack",
    "a white toilet",
    "cars that are red",
    "a car which is blue",
    "do i have any photos of horses",
    "are there pictures with trains?",
    "which photos show the sea",
    "search for bicycles",
    "look up cars",
    "display all boats",
    "list photos with umbrellas",
    "give me everything with a cake",
    "show everything with a giraffe in it",
    "find all the pics that have a laptop",
    "i'm looking for a picture of a zebra",
    "need a photo of a bus",
    "the photo with the elephant",
    "that one photo of the kite",
    "a bird on a man's head",
    "a cat on my lap",
    "a parrot on someone's shoulder",
    "a man's hat",
    "a woman's handbag",
    "a child's hand holding a balloon",
    "3 cats",
    "1 dog",
    "a single person",
    "a lone tree in a field",
    "an empty street",
    "a deserted beach",
    "no people at the beach",
    "beach without umbrellas",
    "someone riding a bike",
    "a girl hugging her dog",
    "people sitting at a table",
    "a cat sleeping on a bed",
    "a dog chasing a ball",
    "two people shaking hands",
    "a person walking in the rain with an umbrella",
    "a bowl of fruit on the kitchen table",
    "a vase of flowers",
    "a plate of spaghetti",
    "a street full of cars",
    "a sky full of clouds",
    "a field full of sheep",
    "a table full of food",
    "grandma's kitchen",
    "the dog's bed",
    "my sister's cat",
    "dad's car",
    "the neighbor's dog",
    "a baby's crib",
    "mom's garden",
    "our family's boat",
    "my friend's wedding",
    "the kids' toys on the floor",
    "john's birthday cake",
    "a cup of joe",
    "baseball bats",
    "fruit bats hanging in a tree",
    "a selfie with my dog",
    "a group photo",
    "a portrait of a woman",
    "close-up of a cat",
    "landscape photos",
    "an aerial view of the city",
    "a black and white photo of a street",
    "blurry photos of my cat",
    "a panorama of the mountains",
    "a rainy day in the city",
    "umbrellas in the rain",
    "autumn leaves in the park",
    "a foggy morning on the lake",
    "a sunny beach",
    "christmas lights on a house",
    "halloween pumpkins",
    "easter eggs",
    "a thanksgiving dinner table",
    "kids on a playground",
    "a bbq in the backyard",
    "camping in the woods",
    "a road trip",
    "animals",
    "vehicles",
    "furniture in the living room",
    "electronics on a desk",
    "kitchen appliances",
    "wildlife",
    "a doggo",
    "a kitty on the couch",
    "a pup in the grass",
    "a big rig on the highway",
    "some birdies",
    "a pic of a horse",
    "shots of the ocean",
    'a cup of coffee and a croissant',
    'breakfast in bed',
    'a glass of orange juice',
    'a bowl of cereal',
    'a slice of cake',
    'a burger and fries',
    'sushi on a plate',
    'a salad with tomatoes',
    'a steak dinner',
    'barbecue in the garden',
    'grilled chicken',
    'a cheese board',
    'a wine glass on a table',
    'cocktails at the bar',
    'hot chocolate with marshmallows',
    'a birthday cake with candles',
    'a basket of fruit',
    'a bunch of grapes',
    'a banana and an apple',
    'an orange cut in half',
    'fresh vegetables at the market',
    'a loaf of bread',
    'a sandwich for lunch',
    'a picnic basket',
    'a lunch box',
    'a kitchen counter with food',
    'a family dinner table',
    'a restaurant table',
    'a cafe with people',
    'a bakery window',
    'an ice cream cone',
    'a milkshake',
    'a smoothie',
    'a water bottle',
    'a coffee mug on a desk',
    'photos with animals',
    'any animals',
    'wildlife',
    'my pets',
    'sea creatures',
    'insects',
    'a bug on a leaf',
    'a spider web',
    'a snail',
    'a frog',
    'a turtle',
    'a fish',
    'a dolphin',
    'a whale',
    'a shark',
    'a jellyfish',
    'a crab',
    'a squirrel in a tree',
    'a rabbit in the garden',
    'a deer in the forest',
    'a fox',
    'a wolf',
    'a monkey',
    'a lion',
    'a tiger',
    'a kangaroo',
    'a camel in the desert',
    'a pig in the mud',
    'a donkey',
    'a llama',
    'a goat on a rock',
    'a hamster',
    'a guinea pig',
    'a lizard on a rock',
    'a snake in the grass',
    'bats',
    'a bee on a flower',
    'a butterfly on a flower',
    'people dancing',
    'a man running',
    'a woman jogging in the park',
    'kids swimming',
    'someone reading a book',
    'a girl brushing her teeth',
    'a man shaving',
    'someone taking a photo',
    'people hugging',
    'a couple kissing',
    'a dog playing fetch',
    'a cat playing with yarn',
    'people waiting for the bus',
    'someone sleeping on the couch',
    'a man fishing on a lake',
    'people hiking in the mountains',
    'a boy climbing a tree',
    'a girl riding a horse',
    'kids building a sandcastle',
    'people having a picnic',
    'a man mowing the lawn',
    'a woman gardening',
    'people shopping',
    'a chef cooking',
    'someone drinking coffee',
    'a baby crawling',
    'a horse jumping',
    'a bird flying',
    'a plane taking off',
    'a boat sailing',
    'a train passing',
    'a cyclist on the road',
    'a kid blowing out candles',
    'people watching tv',
    'a woman typing on a laptop',
    'someone talking on the phone',
    'a man carrying a box',
    'a woman pushing a stroller',
    'a messy kitchen',
    'a cozy living room',
    'a home office setup',
    'a nursery',
    "a kid's bedroom",
    'a walk-in closet',
    'a garage with tools',
    'a basement',
    'an attic',
    'a dining room table set for dinner',
    'a breakfast table',
    'a bathtub full of bubbles',
    'a shower with a glass door',
    'a bookshelf full of books',
    'a desk with two monitors',
    'a tv on the wall',
    'a fireplace with stockings',
    'a christmas tree with presents',
    'a cat on a radiator',
    'a dog on the rug',
    'plants on a windowsill',
    'a fruit bowl',
    'a coffee table with magazines',
    'a sofa with cushions',
    'an armchair by the window',
    'a kitchen island with stools',
    'an open fridge',
    'a sink full of dishes',
    'an oven with a pizza',
    'a microwave and a toaster',
    'pots and pans',
    'a cutting board with vegetables',
    'a wine rack',
    'a clock on the mantel',
    'a mirror in the hallway',
    'a baby crib',
    'a car in front of a building',
    'a person next to a car',
    'a dog under a table',
    'a boat near the shore',
    'people in front of the eiffel tower',
    'a cat between two dogs',
    'a bird above the sea',
    'a lamp beside the bed',
    'a tree behind the house',
    'a bike outside a cafe',
    'a cup on top of a book',
    'a man standing on a rock',
    'a woman sitting on the grass',
    'a child in a car seat',
    'a horse inside a barn',
    'a plane over the city',
    'a kite above the beach',
    'a bench facing the lake',
    'a chair against the wall',
    'a bottle next to a glass',
    'sheep on a hill',
    'a church in a village',
    'a farm with animals',
    'a barn with a tractor',
    'an old bridge',
    'a wooden fence',
    'a dirt road through a forest',
    'an island in the sea',
    'a rainbow over the hills',
    'clouds over the mountains',
    'a sunset over the ocean',
    'a snowy mountain peak',
    'a frozen lake',
    'a river in a canyon',
    'kids without hats',
    'a room with nobody in it',
    'only me and the dog',
    'a single person',
    'a couple',
    'couples',
    'twins',
    'several cars',
    'a few birds',
    'many boats',
    'three or more cats',
    'fewer than 5 people',
    'at most one car',
    'exactly 2 dogs',
    'tons of people',
    'hundreds of birds',
    'nobody on the beach',
    'an empty street',
    'a deserted beach',
    'a quiet road',
    'a busy road',
    'a crowded beach',
    'a packed stadium',
    'a full parking lot',
    'an empty parking lot',
    'a person alone on a bench',
    'either a bus or a train',
    'all three kids',
    'both dogs',
    'the two of us',
    'the three of us',
    'me and my two sisters',
    'a dog with two puppies',
    'a cat and her kittens',
    'one person and lots of dogs',
    'a table with no chairs',
    'a beach without umbrellas',
    'labrador',
    'tabby cat',
    'siamese cat',
    'poodle',
    'german shepherd',
    'husky',
    'chihuahua',
    'seagull',
    'eagle',
    'owl',
    'penguin',
    'flamingo',
    'pelican',
    'crow',
    'suv',
    'pickup truck',
    'minivan',
    'convertible',
    'jeep',
    'ambulance',
    'fire truck',
    'police car',
    'school bus',
    'tram',
    'scooter',
    'moped',
    'tractor',
    'forklift',
    'excavator',
    'jet',
    'yacht',
    'canoe',
    'kayak',
    'ferry',
    'cruise ship',
    'burger',
    'fries',
    'taco',
    'steak',
    'salad',
    'soup',
    'noodles',
    'ramen',
    'dumplings',
    'pancakes',
    'waffles',
    'croissant',
    'bagel',
    'cupcake',
    'cookies',
    'chocolate',
    'popcorn',
    'watermelon',
    'strawberries',
    'grapes',
    'pineapple',
    'avocado',
    'corn',
    'potatoes',
    'eggs',
    'bacon',
    'cheese',
    'bread',
    'lamp',
    'curtains',
    'rug',
    'blanket',
    'pillow',
    'vase',
    'plant pot',
    'fan',
    'radiator',
    'washing machine',
    'stove',
    'coffee maker',
    'lego',
    'can you find the picture where my dog is on the couch',
    "where's the photo of the red car",
    'find me pics with both cats',
    'any photos with a horse in them?',
    'that picture from the zoo with the giraffe',
    "the pic of grandma's birthday cake",
    "i'm looking for a photo of a sailboat at sunset",
    'pictures where someone is holding an umbrella',
    'a photo i took of a bus in london',
    'every photo that has a bicycle',
    'all the ones with my cat',
    'photos that have more than 3 people',
    'pictures with at least two dogs and no cats',
    'the one where the kids are eating pizza',
    'images of a kitchen with a fridge',
    'show photos with lots of trees',
    'I want to see all my beach photos',
    'give me pictures of food',
    'do I have any photos of trains?',
    'what photos have a laptop in them',
    "pics where there's a dog but no person",
    'a pic with only one person',
    'photo of someone skiing',
    'where is the photo of my bike',
    'the photo of the boat we rented',
    'shots of the city at night',
    'snaps from the park',
    'photos of our garden',
    'the dog at the vet',
    'our car after the snow',
    'kids and dogs in the backyard',
    'a person riding a motorcycle on a road',
    'a cat and a dog sleeping together on a bed',
    'someone cooking in the kitchen',
    'two people sitting on a bench',
    'a boy playing with a ball',
    'people eating at a restaurant',
    'a family having dinner',
    'a truck parked next to a house',
    'a bird sitting on a fence',
    'cows in a field next to a barn',
    'ducks swimming in a pond',
    'a child on a swing',
    'a person surfing a big wave',
    'a skateboarder doing a trick',
    'a cat hiding under the bed',
    'a dog with a stick in its mouth',
    'empty beach',
    'crowded street',
    'lots of people',
    'a single tree',
    'two dogs playing',
    'dog and cat together',
    'just the cat',
    'nothing but sky',
    'people but no cars',
    'pic of my car',
    'car pics',
    'dog pics from last summer',
    'the red car',
    'white dog',
    'black cat',
    'a man in a suit',
    'girl in a red dress',
    'kids on bikes',
    'people walking dogs',
    'dog on a leash',
    'bird on a branch',
    'horse in a stable',
    'train at the station',
    'subway',
    'bus stop',
    'boat on a lake',
    'surfer on a wave',
    'skier on a slope',
    'a tent by the lake',
    'kids playing in the sand',
    'my cat sleeping on the bed',
    'people sitting at a table',
    'woman holding an umbrella',
    'a bowl of fruit on the counter',
    'bananas and apples',
    'a bike leaning against a wall',
    'cars parked on the street',
    'traffic jam',
    'city skyline at night',
    'a bridge over a river',
    'mountains with snow',
    'a waterfall',
    'forest path',
    'field of flowers',
    'a lighthouse',
    'sailboats',
    'a fountain in the park',
    'picnic in the park',
    'christmas tree',
    'halloween costumes',
    'camping tent',
    'a selfie',
    'group photo',
    'baby in a stroller',
    'toddler',
    'grandma',
    'a man with a beard',
    'people wearing hats',
    'soccer match',
    'tennis player',
    'a runner',
    'a swimmer in the pool',
    'people at the gym',
    'chickens',
    'a goat',
    'kitten',
    'a parrot',
    'fish in an aquarium',
    'butterflies',
    'tv in the living room',
    'bookshelf',
    'bathroom mirror',
    'dishwasher',
    'wine glasses',
    'beer bottles',
    'a clock tower',
    'an umbrella on the beach',
    'people with umbrellas in the rain',
    'a dog looking out the window',
    'a cat on the windowsill',
    'the view from my hotel room',
    'selfie with the eiffel tower',
    'food photos',
    'my lunch',
    'a table full of food',
    'a messy desk',
    'a man with a beard',
    'a woman with long hair',
    'a girl with a ponytail',
    'a man with a mustache',
    'a guy with tattoos',
    'a baby with a pacifier',
    'a boy with a hat',
    'a man playing guitar',
    'a woman with a necklace',
    'people with backpacks',
    'a man and his beard',
    'dogs this year',
    'the kids yesterday',
    "my dog's toys on the floor",
    'kitten asleep on a blanket',
    'horses grazing in a field',
    'cows by a fence',
    'sheep on a hillside',
    'a tabby cat',
    'puppies',
    'two kittens',
    'our living room',
    "the kids' bedroom",
    'a messy desk',
    'pasta on a plate',
    'a burger and fries',
    'breakfast in bed',
    'coffee and a laptop',
    'a man on a motorbike',
    'a red car parked on the street',
    'traffic jam',
    'a bus stop',
    'a train station platform',
    'airport',
    'a sailboat on the lake',
    'kayaking on a river',
    'fishing boat at the harbour',
    'lighthouse',
    'waves crashing on rocks',
    'a sandy beach with palm trees',
    'snowy mountains',
    'a hiking trail',
    'camping tent',
    'a garden with roses',
    'a vegetable garden',
    'a skateboarder',
    'surfers',
    'tennis player',
    'a soccer match',
    'kids on a playground',
    'a birthday cake with candles',
    'a wedding dress',
    'a baby in a high chair',
    'grandma in the kitchen',
    'bicycles parked against a wall',
    'a city skyline at night',
    'a cluttered garage',
    'a cozy fireplace',
    'a bathroom sink',
    'a tv in the bedroom',
    'a fridge full of food',
    '🐶',
    '🐱 on the 🛋️',
    'a pic of my car',
    'group photo',
    'a dog wearing a sweater',
    'cat vs dog',
    'dog or cat but not both',
    'at least five cars',
    'lots of birds',
    'a single tree',
    'empty beach',
    'crowded street',
    '2 dogs 1 cat',
    'dogs 2019',
    'beach.jpg',
    '#beach',
    '@home',
    'beach!!!',
    'BEACH',
    'Beach Photos',
    'beach pics pls',
    'show me beaches',
    'find all pictures containing a dog',
    'any cats?',
    'do i have photos of horses',
    'where are my pictures of the eiffel tower',
    'sunset beach 🌅',
    'dog+cat',
    'dog & cat',
    'dog | cat',
    'dog,cat',
    'dog;cat',
    '"golden retriever"',
    'person > 30% and car',
    'mostly sky',
    'close-up of a cat',
    'a cat close up',
    'aerial view of a city',
    'top-down view of food',
    'blurry photo of a dog',
    'black and white photo of a street',
    'a painting of a horse',
    'a drawing of a cat',
    'me and my dog',
    'my wife and kids at the beach',
    'the kids',
    'our cat',
    'dinner',
    'lunch with friends',
    'cake!!',
    'pizza night',
    'a plate of spaghetti',
    'sushi',
    'coffee cup on a wooden table',
    'laptop on a desk next to a window',
    'bedroom with a big window',
    'kitchen table',
    'a car in a garage',
    'motorcycles',
    'a red double decker bus',
    'yellow taxi',
    'trucks on the highway',
    'boats in a harbor',
    'a plane landing',
    'birds on a wire',
    'pigeons in the square',
    'ducks in the lake',
    'swans',
    'a horse and rider',
    'cattle',
    'a flock of sheep',
    'a herd of cows',
    'zebras and giraffes',
    'an elephant family',
    'a bear in the woods',
    'teddy bears',
    'stuffed animals',
    'toys',
    'a kite in the sky',
    'frisbee in the park',
    'baseball game',
    'skateboard park',
    'surfing',
    'skiing',
    'snowboarding',
    'colour photos of the harbour',
    'a grey cat on a grey sofa',
    "neighbours' dog",
    'a theatre stage',
    'a jumper on the chair',
    'trainers on the floor',
    'a lorry on the motorway',
    'a pram in the park',
    'the seaside',
    'a fortnight at the seaside',
    'a pint of beer',
    'crisps and a sandwich',
    'a mobile on the table',
    'a telly in the lounge',
    'a flat in the city',
    'the garden shed',
    'autumn leaves',
    'nothing but sky',
    'only sky',
    'just grass',
    "animals that aren't dogs",
    'any animal except cats',
    'all photos with at least one person',
    'more than two dogs',
    'less than 3 people',
    'fewer than five cars',
    'exactly 2 cats',
    '2+ dogs',
    '3 or more people',
    '>2 people',
    'at least a dog',
    'at most one person',
    'between 2 and 5 people',
    '10+ people',
    'a dozen eggs',
    'half a dozen birds',
    'a couple on a bench',
    'a couple of kids',
    'the couple',
    'twins',
    'a man and a woman',
    'two men and a woman',
    'a mother with her baby',
    'a baby and a dog',
    'the dog is sleeping',
    'is there a cat',
    'are there any horses',
    'which photos show a train',
    'photos where the sky is visible',
    'photos taken outdoors',
    'photos taken indoors',
    'inside the house',
    'outside the house',
    'in the car',
    'on the bus',
    'under the table',
    'behind the fence',
    'in front of the house',
    'next to the river',
    'beside the lake',
    'near the sea',
    'by the pool',
    'through the window',
    'across the street',
    'along the beach',
    'over the bridge',
    "I'm looking for a photo of my daughter with her horse",
    'can you find the one where the cat is in the box',
    'that picture of the dog in the snow from last winter',
    'the photo with the big tree and the bench',
    'show me every photo that has a bicycle in it',
    'only photos of landscapes',
    'landscape photos without buildings',
    'food photos but not pizza',
    "photos of food that isn't cake",
    'any photo with water in it',
    'find me something with both a dog and a ball',
    'where is the photo of the cat sitting on the laptop',
    'the one with the red umbrella',
    'which pictures have more than 3 people',
    'group shots',
    'portraits of people',
    'close up of flowers',
    'macro shot of a flower',
    'wide shot of the mountains',
    'a dog looking at the camera',
    'kids jumping into a pool',
    'a man fishing from a boat',
    'people sitting around a table eating',
    'a girl reading a book on the sofa',
    'a boy playing video games',
    'a woman talking on the phone',
    'someone cooking in the kitchen',
    'a cat drinking from a tap',
    'a horse pulling a cart',
    'a person walking a dog on a leash',
    'a child holding a balloon',
    'a squirrel in a tree',
    'a cow in a barn',
    'a car covered in snow',
    'a bike leaning against a tree',
    'an umbrella on the sand',
    'a tent by a lake',
    'a cabin in the woods',
    'a windmill in a field',
    'a tractor in a field',
    'a boat on a trailer',
    'a plane on the runway',
    'a street with shops',
    'a market with fruit',
    'vineyard',
    'orchard',
    'farm',
    'countryside',
    'harbor',
    'marina',
    'canyon',
    'cliffs',
    'cliff',
    'waterfall',
    'glacier',
    'jungle',
    'rainforest',
    'meadow',
    'pasture',
    'swamp',
    'pond',
    'stream',
    'creek',
    'coast',
    'coastline',
    'shore',
    'bay',
    'island',
    'lagoon',
    'reef',
    'hills',
    'valley',
    'plains',
    'tundra',
    'dunes',
    'alley',
    'boulevard',
    'avenue',
    'crosswalk',
    'intersection',
    'roundabout',
    'boardwalk',
    'promenade',
    'plaza',
    'monument',
    'temple',
    'cathedral',
    'mosque',
    'skyscraper',
    'tower',
    'arena',
    'library',
    'office',
    'nursery',
    'porch',
    'balcony',
    'patio',
    'lawn',
    'greenhouse',
    'barn',
    'stable',
    'attic',
    'staircase',
    'elevator',
    'escalator',
    'subway',
    'terrace',
    'courtyard',
    'rooftop',
    'fireplace',
    'zoo',
    'playground',
    'campsite',
    'ruins',
    'bridge',
    'train station',
    'bus station',
    'gas station',
    'parking garage',
    'rice field',
    'living room',
    'dining room',
    'city street',
    'country road',
    'snowy forest',
    'mountain lake',
    'ski slope',
    'sand dunes',
    'football field',
    'basketball court',
    'golf course',
    'race track',
    'swimming pool',
    'a soccer game in the rain',
    'kids playing football on the grass',
    'a basketball hoop',
    'a tennis match',
    'a man serving a tennis ball',
    'a baseball player swinging a bat',
    'a pitcher throwing a ball',
    'a snowboarder jumping',
    'surfers riding waves',
    'a kite surfer',
    'people sailing',
    'a rowing team',
    'a marathon runner',
    'a man flying a kite on the beach',
    'people playing frisbee in the park',
    'a golfer',
    'a yoga class',
    'people swimming in the sea',
    'a scuba diver',
    'a fisherman on a pier',
    'a hiker on a mountain top',
    'rock climbing',
    'a skateboarder doing a trick',
    'a bmx rider',
    'a motorbike race',
    'a car race',
    'a parade with people on the street',
    'a concert crowd',
    'people dancing at a wedding',
    'a birthday party with kids',
    'a christmas tree with presents',
    'an easter egg hunt',
    'a halloween costume',
    'fireworks over the city',
    'a family dinner',
    'a picnic blanket on the grass',
    'a barbecue in the backyard',
    'a camping trip in the mountains',
    'a road trip',
    'a train journey',
    'either a cat or a dog',
    'cats but no dogs',
    'dogs and no cats or birds',
    'dogs with no people around',
    'a beach without umbrellas',
    'a street with no cars',
    'a room without furniture',
    'a table with nothing on it',
    'a park bench with nobody on it',
    'only cats, no dogs',
    'cats only',
    'dogs, cats, and birds',
    'dogs and/or cats',
    'a dog next to a cat',
    'a cat sitting next to a dog on the sofa',
    'two dogs playing together',
    'a dog and two cats',
    'three cats and a dog',
    'a person holding two cups',
    'a woman with three kids',
    'a man with his two dogs',
    'one person and one dog',
    'a dog alone',
    'a lonely tree',
    'a single person on the beach',
    'just one car on the road',
    'lots of cars but no people',
    'many birds in the sky',
    'a few boats in the harbour',
    'several people around a table',
    'a big group of people',
    'a small group of friends',
    'a couple of horses in a field',
    'hundreds of birds',
    'a pair of dogs',
    'twin babies',
    'a herd of cows in a field',
    'a flock of birds over the sea',
    'a fleet of boats',
    'a row of houses',
    'a line of cars',
    'a pile of bananas',
    'a bowl full of apples',
    'a plate with a sandwich and chips',
    'a remote control on the couch',
    'a hair dryer',
    'an electric toothbrush',
    'a vase with flowers',
    'a clock on the wall',
    'a laptop and a mouse',
    'keyboard and mouse',
    'a phone on a table',
    'a book on a shelf',
    'fridge magnets',
    'a sink full of dishes',
    'a suitcase at the airport',
    'a backpack on a bench',
    'a purse on the table',
    'a necktie',
    'a pair of skis',
    'a snowboard in the snow',
    'a baseball glove',
    'a skateboard ramp',
    'a surfboard on the beach',
    'a tennis racquet',
    'a bottle of wine on the table',
    'a cup of coffee and a croissant',
    'a fork and a knife on a plate',
    'a spoon in a bowl',
    'an apple and an orange',
    'a slice of cake',
    'a donut with sprinkles',
    'a hot dog with mustard',
    'a plate of broccoli',
    'carrots and potatoes',
    'an armchair by the window',
    'a potted plant on the windowsill',
    'a dining table with chairs',
    'a flat screen tv',
    'a computer monitor',
    'a microwave oven',
    'a toaster on the counter',
    'a parking meter',
    'a stop sign at an intersection',
    'a fire hydrant on the sidewalk',
    'traffic lights at night',
    'a bench in the park',
    'a bird feeder',
    'a scooter on the street',
    'a van parked outside',
    'a pickup truck',
    'a motorboat',
    'a sailboat at sunset',
    'a black and white photo of a dog',
    'b&w portrait',
    'a red and white striped umbrella',
    'a blue sky with white clouds',
    'green grass and a red ball',
    'a man in a red shirt',
    'a woman in a blue dress',
    'a dog with a red collar',
    'a brown horse in a green field',
    'a white boat on blue water',
    'black cats only',
    'a grey cat on a black sofa',
    'two brown dogs and a black one',
    'red cars parked in a row',
    'a white plate with food',
    'orange cat',
    'a pink flower',
    'purple flowers in a vase',
    'a green bottle',
    'a yellow taxi',
    'white sheep on green grass',
    'a black and white cow',
    'a zebra',
    'a red bus and a blue car',
    'a colourful umbrella',
    'colorful flowers',
    'a dark photo of a cat',
    'a bright red car',
    'a white wall',
    'a red brick building',
    'a golden retriever on a beige carpet',
    'a cream coloured sofa',
    'a turquoise sea',
    'a navy blue car',
    'a beige car',
    'a tan dog',
    'a blonde woman',
    'a red-haired girl',
    'a white house with a red door',
    'a black car not a white car',
    'dog pics',
    'pics of the cat',
    'kid with a bike',
    'car selfie',
    'food pics',
    'the cat sleeping on the bed',
    'snow day',
    'view from the plane window',
    'hiking trail in the woods',
    'dinner table',
    'cats on laptops',
    'kids playing in the park',
    'fishing boat in the harbor',
    'bike ride',
    'road trip',
    'camping tent by the lake',
    'the kitchen after renovation',
    'coffee and a book',
    'a cat in a box',
    'skateboarding at the skatepark',
    'soccer game',
    'zoo animals',
    'ducks in the pond',
    'cows in a field',
    'sheep on the hill',
    'bathroom sink',
    'garden flowers',
    'motorbike parked on the street',
    'traffic jam on the highway',
    'a boat on the river',
    'airplane in the sky',
    'kids at the beach',
    'a woman in red',
    'a man wearing light blue',
    'kids dressed in white and blue',
    'a woman in a blue dress on the beach',
    'people in black at a wedding',
    'a girl in red with a dog',
    'a man in a black suit and a woman in white',
    'a woman wearing a red hat',
    'a red shirt',
    'a man in red or blue',
    'a dog in red',
    'something red',
    'red things',
    'anything blue',
    'a red object',
    'red stuff',
    'all red things',
    'red',
    'light blue',
    'red and white',
    'red or blue',
    'a dog and something red',
    'things on a table',
    'something red on the table',
    'red items on a white table',
    'black and white things',
    'two people in red',
    'a man in a white shirt and a dog',
    'people wearing blue jeans',
    'a boy in a yellow raincoat',
    'a woman in a black dress with a red bag',
    'black and white photos of cats',
    'old black and white family photos',
    'a black and white picture of a car',
    'black & white street photography',
    'cats in black and white',
    'monochrome portraits',
    'colour photos of dogs',
    'something green on the table',
    'a red thing',
    'anything pink',
    'yellow',
    'dark green',
    'a man dressed in black',
    'kids wearing red hats',
    'a girl in a pink dress and a boy in blue',
    'the man in the red jacket',
    'a person in a red shirt holding a cup',
    'a blue and yellow train',
    'a grey and white cat',
    'a black dog and a white cat',
    'two white cars',
    'cars but not red ones',
    'dogs without black dogs',
    'a cat that is not black',
    'the sky is blue',
    'a blue sky',
    'red flowers in a garden',
    'a pink car',
    'a turquoise car',
    'white snow on a mountain',
    'a navy boat',
    'a purple bag',
    'an orange umbrella',
    'a black and white dog on a red sofa',
    'people in white on the beach',
    'a bride in white',
    'a player in a blue jersey',
    'a chef in white',
    'a firefighter in yellow',
    'photos with something red and something blue',
    'a brick wall',
    'a ladder against a wall',
    'a man holding a sign',
    'a girl with a kite at the beach',
    'a dog with a ball',
    'a mug of tea',
    'a jar of jam',
    'a woman with a hat',
    'a pot of flowers',
    'a bag on a chair',
    'a map on the table',
    'a lamp in the corner',
    'a pen on a desk',
    'a fox in the snow',
    'a goat on a hill',
    'a deer in the woods',
    'a toad on a rock',
    'a hen in a yard',
    'a bull in a field',
    'a ram on a cliff',
    'a kid on a bike',
    'a man in a cap',
    'a coat on a hook',
    'a tap in the kitchen',
    'a bin on the street',
    'a van on the road',
    'a cab in the city',
    'a jet in the sky',
    'a yacht in the harbour',
    'a hut on the beach',
    'a tower by the river',
    'a fort on a hill',
    'a pier at sunset',
    'a path in the park',
    'a bycicle on the road',
    'a yellow lab',
    'a black lab',
    'a chocolate lab',
    'red panda',
    'a red panda in a tree',
    'labs playing',
    'an orange cat',
    'a ginger cat',
    'a golden retriever',
    'a black cat',
    'a black and orange cat',
    'a cream sofa',
    'a copper pot',
    'red cars',
    'orange and white cats',
    'Where are my photos of the Grand Canyon?',
    'any pics with my cat sleeping on the bed',
    'the photo where the dog is wearing a hat',
    'Kids on the trampoline',
    'a pumpkin on the porch',
    'fireplace in the living room',
    'a snowman in the yard',
    'a girl blowing out candles on a cake',
    'a lighthouse on the coast',
    'hot air balloons in the sky',
    'a woman doing yoga on the beach',
    'a barn in a field of wheat',
    'a tractor in the field',
    'a bride and groom',
    'a toddler in a bathtub',
    'grandma knitting on the couch',
    'a chef in a kitchen',
    'dinner table set for a party',
    'a bowl of ramen',
    'a watermelon slice',
    'people at a concert',
    'a crowd at a football game',
    'a tennis player serving',
    'a skier on a mountain',
    'a cyclist on a road',
    'a runner in a marathon',
    'a jogger in the park',
    'a woman walking a dog on a leash',
    'two dogs playing tug of war',
    'a cat chasing a mouse',
    'a parrot on a branch',
    'a squirrel eating a nut',
    'a deer crossing the road',
    'a horse and rider jumping a fence',
    'an old truck rusting in a field',
    'a motorbike parked by the sea',
    'a double decker bus in London',
    'a yellow taxi in New York',
    'sailboats in a harbor',
    'kayaks on a lake',
    'a tent under the stars',
    'a menu at a restaurant',
    'a bottle of wine I liked',
    'my car in the parking lot',
    'the broken tap',
    'a crack in the wall',
    'a stain on the carpet',
    'the new sofa in the living room',
    'the kitchen before renovation',
    'the garden in spring',
    'tomatoes in the garden',
    'my bike',
    'a rental car',
    'our hotel room',
    'the view from the hotel balcony',
    'the pool at the hotel',
    'a selfie with friends',
    'a group photo at the wedding',
    'a family photo on the stairs',
    'kids in halloween costumes',
    'the dog at the groomer',
    'the cat at the vet',
    "a puppy's first day home",
    'a laptop and a monitor on a desk',
    'a keyboard and mouse',
    'a vase of tulips',
    'a fruit bowl on the counter',
    'homemade pizza',
    'a teddy bear on the bed',
    'toys on the floor',
    'a stroller in the park',
    'a swing in the backyard',
    'a trampoline in the garden',
    'a pool float',
    'a beach towel and umbrella',
    'sunglasses on the sand',
    'seagulls on the pier',
    'a ferry crossing the bay',
    'a cruise ship in port',
    'graffiti on a wall',
    'a mural',
    'a statue in a square',
    'a fountain in the plaza',
    'a church',
    'a mural on a wall',
    'a sedan in the driveway',
    'a goblet of wine',
    'a kid in a bunk bed',
    'a loveseat by the window',
    'ducklings in a pond',
    'a bowtie',
    'a dinghy on the beach',
    'the bathroom with a bidet',
    'a white and ginger cat',
    'a brown and white dog',
    'a black and tan dog',
    'a golden dog',
    'a grey horse',
    'a calico cat',
    'a tortoiseshell cat',
    'a tuxedo cat',
    'a man in a tuxedo',
    'a brindle dog',
    'a spotted dog',
    'a dalmatian',
    'a black horse in a field',
    'a white horse on the beach',
    'a cream colored cat',
    'a red setter',
    'an orange tabby',
    'a ginger kitten',
    'a blonde dog',
    'a red squirrel',
    'a polar bear',
    'a black bear',
    'a white sheep and a black sheep',
    'a herd of brown cows',
    'a chestnut mare',
    'a grey kitten on a blue blanket',
    'a tan leather sofa',
    'a beige carpet',
    'a bronze statue',
    'a rusty car',
    'an ivory dress',
    'a ginger boy',
    'a redhead',
    'a brunette in a red dress',
    'a blonde girl with a dog',
    'two ginger cats',
    'at least 2 orange cats',
    'a ginger cat or a black dog',
    'ginger cats > 20%',
    'mostly an orange cat',
    'a close-up of a ginger cat',
    'only one brown dog',
    'three white sheep and a black one',
    'a red fox and a brown bear',
    'cats that are orange or white',
    '(orange cat or white dog) and sofa',
    'orange cats not on the sofa',
    'a ginger and white kitten on a bed',
    'a golden retriever puppy',
    'a yellow lab with a red ball',
    'a blonde girl and her golden retriever',
    'a black and white dog and an orange cat',
    'cars that are red or blue',
    'cars that are not red or blue',
    'a cat that is black and white',
    'a car that is red',
    'cats which are not black',
    'a car that is red and a dog',
    'cars that are red, white and blue',
    'a car that is light blue or dark green',
    'a cat that is orange',
    'a car that is red or a bus',
    'pictures of my kids from 2018',
    'beach photos from 2019',
    'dogs in 2020',
    'black and white photos of the city',
    'landscapes with no people',
    'empty beaches',
    'a room with no furniture',
    'a park without dogs',
    'cats but not on the bed',
    'pictures with exactly 2 people',
    'photos with more than 5 people',
    'a single tree in a field',
    'lots of birds in the sky',
    'many cars in a parking lot',
    'one dog and two cats',
    'at most 3 people on the beach',
    'fewer than 3 cars',
    'between 2 and 4 dogs',
    'half the photo is sky',
    'a lone tree',
    'a solitary figure on the beach',
    'a single bed',
    'single people',
    'a lone wolf',
    'single red rose',
    'a single red rose',
    'a dome in the city',
    'the dome of a cathedral',
    'a rowing boat on a river',
    'a fishing rod by the lake',
    'a man fishing with a rod',
    'a cowboy on a horse',
    'a farmer with his tractor',
    'a chef cooking in a kitchen',
    'a pizza oven',
    'a wood stove',
    'a camper van by the sea',
    'an rv at a campsite',
    'a caravan in a field',
    'a canal boat',
    'a gondola in venice',
    'a tuk tuk',
    'a rickshaw',
    'a tram in the city',
    'a cable car',
    'a girl with curly red hair',
    'a boy with brown eyes',
    'a man with a grey beard',
    'a woman with dark hair in a red dress',
    'a bald man',
    'grandma in the garden',
    'a grey-haired woman reading',
    'kids with painted faces',
    'a woman with a tattoo',
    'a man with sunglasses on a boat',
    'a dark-skinned man smiling',
    'twins on a sofa',
    'selfies',
    'a selfie at the beach',
    'a girl with pigtails',
    'a redhead on a bike',
    'a bride with a white dress',
    'a baby with blue eyes',
    'a cat with yellow eyes',
    'a brown dog with white paws',
    'a black horse with a white face',
    'a woman with long blonde hair on the beach',
    'a man with a red hat',
    'a child in a yellow raincoat',
    'a man with a white shirt and a black tie',
    'a girl with a pink backpack',
    'a woman in a blue jacket with a brown dog',
    'an old man with white hair',
    'a teenager with green hair',
    'a kid with a red face',
    'a woman with red lips',
    'a man with blue eyes and a beard',
    'pets from 2021',
    'dogs photographed last year',
    'beach photos this year',
    'a birthday cake from 2019',
    'a girl with freckles',
    'a man with a big moustache and a hat',
    'a dog with a ball in its mouth',
    'a barn',
    'a baseball game',
    'a beach with palm trees',
    'a bird on a branch',
    'a black and white dog',
    'a boy riding a skateboard',
    'a canyon',
    'a castle',
    'a cat sleeping on a laptop',
    'a christmas tree',
    'a colourful kite',
    'a crowded street market',
    'a cup of coffee',
    'a desert',
    'a dog in the back seat of a car',
    'a ferry',
    'a football pitch',
    'a fountain',
    'a garden with flowers',
    'a giraffe and a zebra',
    'a greenhouse',
    'a harbour with boats',
    'a jumper on a chair',
    'a kid on a swing',
    'a lake with mountains',
    'a laptop and a coffee',
    'a man in a red hat',
    'a march in the city',
    'a mobile phone on a desk',
    'a motorbike',
    'a mug on a table',
    'a picnic on the grass',
    'a pushchair in the park',
    'a rubbish bin',
    'a scooter',
    'a sheep in a field',
    'a skyscraper',
    'a statue',
    'a taxi',
    'a temple',
    'a tennis player',
    'a volcano',
    'a white cat on a bed',
    'a windmill',
    'a woman wearing sunglasses',
    'an empty bathroom',
    'an island',
    'an old building',
    'beach in summer',
    'beach june 2019',
    'biscuits and tea',
    'breakfast on the table',
    'cats in march',
    'crisps',
    'dogs in june',
    'dogs may 2020 to june 2021',
    'grey kitten',
    'kids playing football in the park',
    "my neighbour's dog",
    'people at a wedding',
    'people queueing',
    'pictures of my grandma',
    'snow last winter',
    'someone surfing',
    'summer 2018 beach',
    'the beach last summer',
    'the view from the mountain',
    'two girls with umbrellas',
    'my office',
    'a dining table set for dinner',
    'dishes in the sink',
    'a dishwasher',
    'a washing machine',
    'laundry on a line',
    'a bunk bed',
    'a baby in a crib',
    'a high chair',
    'a dog bed',
    'a cat tree',
    'a bird cage',
    'a horse stable',
    'a chicken coop',
    'a garage with a car',
    'a driveway',
    'a front door',
    'a porch',
    'an escalator',
    'a corridor',
    'a kitchen island',
    'a breakfast bar',
    'a coffee table',
    'a rug on the floor',
    'a lamp',
    'a chandelier',
    'a ceiling fan',
    'a radiator',
    'a painting on the wall',
    'a mirror in the bathroom',
    'a towel',
    'a shower curtain',
    'a bath with bubbles',
    'a toothbrush',
    'a hairdryer',
    'recent photos of my dog',
    'the most recent pictures of the kids',
    'old photos of grandma',
    'cats, oldest first',
    'my latest shots of the beach',
    'a basketball game',
    'kids playing soccer',
    'a golf course',
    'a skate park',
    'a ski resort',
    'people skiing down a mountain',
    'a surfer on a wave',
    'a sailing boat on a lake',
    'fishing on a pier',
    'a cyclist racing',
    'a swimmer in a pool',
    'a climbing wall',
    'a campsite by a lake',
    'a hotel room',
    'a busy intersection',
    'a traffic jam on the highway',
    'a parking lot full of cars',
    'a gas station',
    'a bus stop in the rain',
    'a street food stall',
    'a fruit market',
    'a sushi platter',
    'pancakes with syrup',
    'a cup of tea and cake',
    'a cocktail at the bar',
    'ice cream cones',
    'a chocolate cake',
    'fresh vegetables',
    'tacos',
    'a barbecue in the garden',
    'a christmas dinner',
    'a kid with a balloon',
    'a child on a tricycle',
    'a toddler in a high chair',
    'a newborn baby',
    'grandparents with grandchildren',
    'a couple holding hands',
    'a man with a dog on a leash',
    'a girl riding a pony',
    'a boy fishing',
    'a woman jogging',
    'a gardener',
    'a waiter with a tray',
    'a nurse',
    'a doctor',
    'a police officer',
    'a firefighter',
    'a soldier',
    'a construction worker',
    'a farmer on a tractor',
    'a musician playing guitar',
    'a band on stage',
    'a dj',
    'a crowd at a concert',
    "a baby's first birthday",
    'kids in a classroom',
    'a teacher',
    'students in a library',
    'a man reading a newspaper',
    'a woman on her phone',
    'people on a train',
    'a man sleeping on a bench',
    'an old couple on a bench',
    'a homeless man',
    'a lake at dawn',
    'a river through a forest',
    'a foggy morning in the woods',
    'a sunny day at the park',
    'a sandy beach with rocks',
    'a cliff by the sea',
    'a valley with a river',
    'rolling hills',
    'a field of sunflowers',
    'tulips in a garden',
    'a cherry blossom tree',
    'a palm tree on the beach',
    'a pine forest',
    'a bamboo forest',
    'a cactus in the desert',
    'a vineyard',
    'an orchard',
    'a pond with ducks',
    'a stream in the woods',
    'a waterfall in the jungle',
    'a glacier',
    'a meadow',
    'a swamp',
    'dog!!!',
    'DOGS',
    'Dogs?',
    "dogs' toys",
    'dog + cat',
    'dog, cat',
    'dog/cat',
    'dog vs cat',
    'cat or dog but not both',
    'cats -dogs',
    '"black cat"',
    'car -truck',
    'beach -people',
    'sunset at the beach 🌅',
    '🐶🐱',
    'a 🚗 on the road',
    'me',
    'us',
    'selfie with the dog',
    'photos with faces',
    'faces',
    "pictures of people's faces",
    'landscape',
    'landscapes without people',
    'portrait of a woman',
    'my car',
    'food from last week',
    'something blue',
    'furniture',
    'electronics',
    'fruit',
    'vegetables',
    'sports equipment',
    'clothes',
    'people eating',
    'eating pizza',
    'kids eating ice cream',
    'gadgets',
    'devices',
    'appliances',
    'home appliances',
    'sports gear',
    'sporting goods',
    'kitchenware',
    'dishes',
    'tableware',
    'a horizontal photo of a dog',
    'electronic devices on a desk',
    'a kitchen with appliances',
    'sports equipment in the garage',
    'crockery on a table',
    'my gadgets',
    'office supplies',
    'bathroom stuff',
    'kitchen stuff',
    'camping gear',
    'baby stuff',
    'art',
    'artwork on the wall',
    'signs',
    'lights at night',
    'screens',
    'home decor',
    'outdoor furniture',
    'garden furniture',
    'patio furniture',
    'vertical photos of electronics',
    'appliances in the kitchen',
    'a panorama of the city at night',
    'gadgets on a desk',
    'sports equipment in the park',
    'a vertical shot of a tall building',
    'horizontal photos of the beach',
    'a square photo of a cat',
    'a landscape photo of mountains',
    'vehicles on the road',
    'plates and cups on a table',
    'kitchenware on the counter',
    'utensils on the table',
    'a computer setup',
    'home office',
    'a workspace',
    'workstation',
    'electronics store',
    'a phone and a laptop',
    'a tablet on the sofa',
    'vertical photos of the beach',
    'panoramic view of the mountains',
    'vertical stripes on a shirt',
    'dogs, vertical',
    'color photos of the city',
    'a street in colour',
    'coloured pictures of flowers',
    'what colour is the car',
    'the colour of the sky',
    'do I have any photos of my bike',
    'show me pictures of the ocean',
    'find photos with both cats and dogs',
    'any pics of the kids at the beach?',
    'where are my photos of the eiffel tower',
    'photos i took at the zoo',
    "pictures from grandma's house",
    'that photo of a dog in the snow',
    'the picture where everyone is at the table',
    'group photo at dinner',
    'cutting the cake',
    'opening presents',
    'kids in costumes',
    'a pumpkin patch',
    'carving pumpkins',
    'a sleeping baby',
    'a baby in a stroller',
    'a cat on a windowsill',
    'cows in a pasture',
    'a bird at the feeder',
    'ducks on the lake',
    'a beach with nobody',
    'a beach with no one',
    'everyone at the table',
    'everybody on the beach',
    'somebody on a bike',
    'anyone in the pool',
    'picture with many people and one dog',
    'image of 2 cats sleeping on bed',
    'a 3 year old on a bike',
    'five friends at a bar',
    'me and my sister at the lake',
    'my wife and kids in the garden',
    'our house in winter',
    'the view from our hotel room',
    'a table with laptops',
    'a man walking a dog on the street',
    'kids jumping on a trampoline',
    'a dog sitting in front of a fireplace',
    'a woman reading a book on the beach',
    'two people riding horses',
    'a boat on a lake with mountains',
    'a red car parked in front of a house',
    'a yellow taxi in the city',
    'a skyline at night',
    'a parade in the street',
    'a soccer game',
    'a swimming pool with people',
    'the 2nd floor',
    '4k wallpaper of mountains',
    '35mm film photos of the city',
    'a 1950s car',
    'a car from the 1950s',
    'a vw bus',
    'a jeep',
    'a vespa',
    'my car in the driveway',
    "grandma's birthday cake",
    'the kids at disneyland',
    'cat sleeping on the couch',
    'snowman in the yard',
    'camping tent in the woods',
    'fishing boat at the dock',
    'skyline at night',
    'bridge over the river',
    'lighthouse on a cliff',
    'baby in a high chair',
    'people eating pizza',
    'a plate of sushi',
    'a latte with foam art',
    'living room with a fireplace',
    'sunflowers in a field',
    'horse riding on the beach',
    'kayaks on the river',
    'skate park',
    'basketball game',
    'ski trip with friends',
    'swimming pool at the hotel',
    'hot tub',
    'bathroom mirror selfie',
    'dog with a tennis ball',
    'cat in a cardboard box',
    'view from the airplane window',
    'subway car',
    'gas station at night',
    'city street at night',
    'umbrella in the rain',
    'snow covered trees',
    'frozen lake',
    'pumpkin patch',
    'easter egg hunt',
    'thanksgiving dinner',
    'christmas lights on the house',
    "valentine's day flowers",
    "a kid's drawing on the fridge",
    'messy kitchen',
    'laundry on the bed',
    'groceries on the counter',
    'farmers market',
    'food truck',
    'hot dog stand',
    'donuts in a box',
    'cupcakes with sprinkles',
    'a glass of wine on the table',
    'beer at a bar',
    'cocktails by the pool',
    'dog on the bed',
    'three kids on a bench',
    'man with a beard',
    'woman in a red dress',
    'girl with a pink umbrella',
    'boy on a bike',
    'old man with a cane',
    'person walking a dog',
    'dog wearing a sweater',
    'cat on the windowsill',
    'hamster in a cage',
    'my 2 kids at the beach',
    'the 3 of us at dinner',
    'photos of my mom from 2015',
    'a selfie in front of the eiffel tower',
    'car accident',
    'my new bike',
    'motorcycle parked on the street',
    'sailboat at sunset',
    'surfer riding a wave',
    'people playing volleyball on the beach',
    'a man fishing off a pier',
    'a girl flying a kite',
    'soccer practice',
    'a baseball game at the stadium',
    'runners in a marathon',
    'a horse and carriage',
    'a fire truck on the street',
    'a police officer on a horse',
    'a boeing 747',
    'room 101',
    'my tesla',
    'a harley in the garage',
    'mercedes on the highway',
    'ford truck',
    'traffic light red',
    "a baby's first steps",
    'formula 1 car',
    'a toyota',
    'a yamaha motorcycle',
    'samsung tv',
    'a macbook on a desk',
    'iphone 12',
    'tesla model 3',
    'route 66 sign',
    'cars on route 66',
    'gate 42 at the airport',
    'bus 42',
    'the number 7 bus',
    'xbox controller',
    'a barbie doll',
    'coca cola bottle',
    'holding 2 cats',
    'kids playing with 3 dogs',
    'beach 3 people',
    'big 3 dogs',
    'photos 3 dogs',
    'around 5 people',
    'cars 2019',
    'beach 2019',
    'a toyota truck',
    'harley davidson motorcycle',
    'ford mustang',
    'teslas in a parking lot',
    'a firm truck',
    'a fort truck',
    'my honda',
    'boeing 747 at the gate',
    'pepsi bottle',
    'coca cola',
    '24 hour diner',
    'ice cream truck',
    'garbage truck',
    'tow truck',
    'delivery truck',
    'train car',
    'toy car',
    'toy truck',
    'toy train',
    'pizza box',
    'shoe box',
    'dog bed',
    'dog house',
    'bird house',
    'bird cage',
    'bike rack',
    'car seat',
    'tree house',
    'race car',
    'sports car',
    'police horse',
    'water bottle',
    'wine bottle',
    'beer bottle',
    'coffee cup',
    'coffee table',
    'dining table',
    'picnic table',
    'pool table',
    'tennis ball',
    'soccer ball',
    'football',
    'golf ball',
    'cat toy',
    'dog toy',
    'dog food',
    'cat food',
    'baby stroller',
    'baby bottle',
    'car keys',
    'house keys',
    'bus driver',
    'truck driver',
    'boat dock',
    'a 3 bedroom house',
    'a 4 person tent',
    'a 2 door car',
    '3 dog beds',
    '3 tabby cats',
    '2 german shepherds',
    '3 big dogs',
    '2 dog and a cat',
    '3 cat photos',
    '2 sleeping cats',
    'a 2 tier cake',
    '2 kids',
    '3 people on a bench',
    '2 cats 1 dog',
    '10 mile hike with dogs',
    '2019 toyota camry',
    '3 car garage',
    '2 sheep in a field',
    '2 dog',
    'show me all pictures with my dog in them',
    'where are the photos of the eiffel tower',
    'any pics of snow',
    'find photos of kids playing soccer',
    'pictures of food',
    'group photos with at least 10 people',
    'empty room',
    'a busy street with lots of cars',
    'a quiet street with no cars',
    'a road with no people',
    'a vase of flowers on the table',
    'a plate of food on a table',
    'a sandwich and a coffee',
    'pizza and beer',
    'a cat watching tv',
    'a bird in the sky',
    'a boat in the water',
    'a car on the road',
    'a bike against a wall',
    'a bench in a park',
    'a bus in the city',
    'people at the airport',
    'people walking in the rain',
    'a person holding an umbrella',
    'a man on a skateboard',
    'a woman with a laptop',
    'children on the playground',
    'a baby sleeping',
    "my daughter's first birthday",
    'our dog as a puppy',
    'the cat when she was a kitten',
    'dad at the bbq',
    'grandpa fishing',
    'mom in the kitchen',
    'sister at graduation',
    'a family with 2 kids',
    'a couple with a baby',
    'a crowd with 3 kids',
    'a group of friends with a dog',
    'the family with grandma',
    'team photo with 20 people',
    'family of 5',
    'dogs not vertical',
    'dogs that are not vertical',
    'no panoramas of the beach',
    'not square photos of cats',
    'cats but not vertical',
    'dogs not on the sofa',
    'vertical photos of dogs',
    'no black and white photos of dogs',
    'dogs not in black and white',
    'cats but no b&w',
    'dogs not in colour',
    'dogs not in b&w',
    'hiking trail in the mountains',
    'a canoe on a lake',
    'rocks on the beach',
    'sand dunes in the desert',
    'the moon over the city',
    'a rainbow over the field',
    'fog in the valley',
    'a frozen waterfall',
    'ice skating on a pond',
    'kids sledding down a hill',
    'a snowboarder in the air',
    'skiers on a chairlift',
    'a ski lodge',
    'a farm with cows and horses',
    'a barn in a field',
    'chickens in a yard',
    'a squirrel on a tree',
    'a rabbit in the grass',
    'a horse in a stable',
    'sheep grazing on a hillside',
    'an owl in a tree',
    'a swan on the lake',
    'a bee on a sunflower',
    'a turtle in the water',
    'a frog on a lily pad',
    'a dolphin jumping',
    'a whale tail',
    'fish in a coral reef',
    'a crab on the sand',
    'a seagull on a post',
    'pelicans on a pier',
    'a surfer',
    'two skiers on a slope',
    'a jockey on a horse',
    'surfers and swimmers',
    'the surfer girl',
    'drone shots of the coast',
    'selfies with my girlfriend',
    'my boyfriend and me at the beach',
    'the bride and groom',
    'bridesmaids in pink dresses',
    'the wedding cake',
    "my son's soccer game",
    'my daughter riding her bike',
    'the kids opening presents',
    'grandma holding the baby',
    'my dog playing in the snow',
    'the cat on my laptop',
    'my new car',
    'our house',
    'the backyard',
    'my office desk',
    'lunch at work',
    'a team meeting',
    'the conference room',
    'coffee with friends',
    'dinner at a restaurant',
    'a birthday dinner',
    'a picnic by the river',
    'a day at the zoo',
    'a football match',
    'a swimming pool party',
    'a beach umbrella and chairs',
    'sunbathing on the beach',
    'a lifeguard tower',
    'a boardwalk',
    'a marina with sailboats',
    'a ferry crossing',
    'inside an airplane',
    'a train window view',
    'a christmas tree in the living room',
    'a crib in the nursery',
    'a bathtub with bubbles',
    'a toothbrush by the sink',
    'a towel on the rack',
    'shoes by the door',
    'a coat rack',
    'an umbrella stand',
    'a lamp on a nightstand',
    'a couch with pillows',
    'plants by the window',
    'a cat on the stairs',
    'a microwave on the counter',
    'a kettle on the stove',
    'a toaster and a coffee maker',
    'wine glasses on a shelf',
    'a vase with tulips',
    'a bowl of oranges',
    'a laptop on a bed',
    'two monitors on a desk',
    'a phone charging',
    'headphones on a desk',
    'a piano in the living room',
    'a suitcase on the bed',
    'a backpack on a chair',
    'a handbag on the table',
    'keys on the table',
    'glasses on a book',
    'scissors and tape',
    'lorry on the motorway',
    'a bin lorry',
    'my mum on the settee',
    'kids in the garden',
    'the telly in the lounge',
    'aeroplane at the airport',
    'motorbike',
    'cyclists on the road',
    'a mobile phone',
    'football on the pitch',
    'people at the seaside',
    'a caravan',
    'jumper',
    'a bloke with a dog',
    'the hob in the kitchen',
    'a cooker',
    'fridge freezer',
    'a wardrobe',
    'chest of drawers',
    'dustbin',
    'a zebra crossing',
    'a roundabout',
    'a queue of people',
    'a pub',
    'a takeaway',
    'a bungalow',
    'a cottage in the countryside',
    'the high street',
    'a car park',
    'petrol station',
    'the loo',
    'a duvet on the bed',
    'a cushion on the sofa',
    'a rucksack',
    'a handbag',
    'brolly',
    'biscuits',
    'sweets',
    'chips',
    'a cuppa',
    'kiosk',
    'a market stall',
    'market stalls',
    'a bowling alley',
    'people in a theatre',
    'a dog at the cinema',
    'a can of coke',
    'a pint of lager',
    'a teapot on the table',
    'show me 20 photos of dogs',
    '5 pictures of cats',
    'the 5 best photos of my cat',
    'top 10 beaches',
    'dogs in the last 2 weeks',
    'cats from the past 30 days',
    'beach photos from the last three years',
    'a 2019 toyota camry',
    'my 2015 tesla',
    'a 1969 ford truck',
    'cats from 2 years ago',
    'dogs since 2020',
    'cats before 2015',
    'dogs between 2015 and 2018',
    'the beach a month ago',
    'dogs from a few weeks ago',
    'cats older than 5 years',
    'photos of my dog from earlier this year',
    'two beers',
    '2 drinks',
    'three pieces of furniture',
    'fewer than 3 drinks',
    'several drinks on the table',
    'kids playing in the garden',
    'the dog at the park',
    'sunset over the ocean',
    'people skiing',
    'a man riding a horse',
    'horses in a field',
    'pictures with my laptop',
    'breakfast',
    'boats in the harbour',
    'family at the beach',
    'a street at night',
    'a living room with a sofa and a tv',
    'kitchen without people',
    'bathroom',
    'bedroom with two beds',
    'a restaurant',
    'a cafe with people drinking coffee',
    'a bar',
    'a train station',
    'an airport',
    'tennis players',
    'someone flying a kite',
    'a lake in the forest',
    'a field of flowers',
    'a farm with cows',
    'ducks on a pond',
    'a cat and a dog together',
    'kittens',
    'a horse and cart',
    'an elephant at the zoo',
    'giraffes',
    'a bear',
    'a baby',
    'an old man with a dog',
    'a crowd',
    'a motorbike parked outside',
    'a boat on a river',
    'a house with a garden',
    'a pool',
    'a hot tub',
    'camping',
    'ice cream',
    'a glass of wine',
    'beer on the table',
    'a book on the table',
    'reading',
    'someone on their phone',
    'houseplants',
    'a fridge',
    'an oven in the kitchen',
    'the sink full of dishes',
    'toilet',
    'a suitcase',
    'a skier on a slope',
    'a frisbee on the grass',
    'a ball game on the beach',
    'a cloudy sky',
    'blue sky',
    'green fields',
    'spring flowers',
    'a window with a view',
    'stairs',
    'a fence around a field',
    'a road through the mountains',
    'a sidewalk with people walking',
    'a building with many windows',
    'skyscrapers',
    'a fountain in a square',
    'a view of the mountains',
    'the view from the window',
    'a room with a view',
    'a house with a view of the sea',
    'a barbeque in the garden',
    'cat with the',
    'a room with a view and a bed',
    'a room with a view or a kitchen',
    '(a room with a view)',
    'a window with a view of the sea',
    '2019 dogs',
    '1995 cars',
    '2000 people',
    '3 dogs',
    '100 sheep',
    '2019 christmas tree',
    'dogs a few weeks ago',
    'a couple of drinks',
    'a couple of dogs',
    'a couple on the beach',
    'Where are the photos of my dog?',
    'any pics with both kids and dogs?',
    'nature',
    'transport',
    'city',
    'urban',
    'indoor photos',
    'outdoor photos',
    'drinks',
    'a woman in a red dress',
    'someone wearing a hat',
    'a guy with glasses',
    'a girl with a backpack',
    'a lady with a handbag',
    'a kid with a ball',
    'teenagers',
    'grandparents',
    'a van',
    'a tractor',
    'a yacht',
    'a ship at sea',
    'a train on a bridge',
    'a tram',
    'a subway',
    'a motorway',
    'a crossroads',
    'a traffic light',
    'a stop sign',
    'a fire hydrant',
    'a playground slide',
    'a garden path',
    'a poster',
    'a mirror selfie',
    'a shower',
    'a pillow on the bed',
    'a blanket',
    'a fireplace',
    'a desk with a computer',
    'a monitor and keyboard',
    'a phone on the table',
    'a remote control',
    'a tv screen',
    'a fridge with magnets',
    'a kitchen counter',
    'a knife and fork',
    'a plate of food',
    'a sandwich',
    'hot dogs',
    'donuts',
    'cake',
    'cupcakes',
    'apples and oranges',
    'bananas',
    'carrots',
    'broccoli',
    'a pizza box',
    'a wine bottle',
    'a beer can',
    'a teddy bear',
    'a doll',
    'scissors',
    'a tower',
    'a tent',
    'a surfboard',
    'skis',
    'a snowboard',
    'a skateboard',
    'a tennis racket',
    'a baseball bat',
    'a football',
    'a basketball',
    'a soccer ball',
    'a boat in the marina',
    'a fisherman',
    'a farmer',
    'a chef',
    'a student',
    'a musician',
    'a dancer',
    'a cyclist',
    'a swimmer',
    'a junction',
    'rural',
    'a suburban street',
    'downtown',
    'public transport',
    'transportation',
    'a computer screen',
    'a phone screen',
    'a laptop screen',
    'tv screen',
    'street art',
    'a sculpture',
    'lunch at the office',
    'a dinner table set for guests',
    'my cat in a box',
    'the dog chasing a ball',
    'a puppy chewing a shoe',
    'two cats cuddling on the sofa',
    'cows crossing the road',
    'a bird feeder in the garden',
    'a squirrel on a fence',
    'seagulls at the harbour',
    'a fishing boat in the harbor',
    'a bicycle locked to a fence',
    'motorbikes parked on the street',
    'a taxi in new york',
    'a fire truck at the scene',
    'a camper van by the lake',
    'tents at the campsite',
    'a kayak on the river',
    'a lighthouse on the cliff',
    'a church in the village',
    'skyscrapers at night',
    'a city skyline',
    'an old barn in the countryside',
    'a field of wheat',
    'easter eggs in the grass',
    'a teenager on a skateboard',
    'dad grilling in the backyard',
    'a laptop on the bed',
    'a cat on the keyboard',
    'books on a shelf',
    'a vase of flowers on the windowsill',
    'towels in the bathroom',
    'a tidy desk',
    'a pedestrian crossing',
    'people with umbrellas',
    'a girl with a kite on the beach',
    'a frisbee in the park',
    'skiers on the slope',
    'a snowboarder',
    'ice on the lake',
    'a frozen river',
    'palm trees on the beach',
    'a tropical island',
    'a starry sky',
    'a foggy morning in the forest',
    'cherry blossoms',
    'a rose garden',
    'a cactus',
    'houseplants by the window',
    'a bonsai tree',
    'a glass of beer',
    'pictures of my dog from last weekend',
    'the cat on the windowsill this morning',
    'our trip to the beach in august',
    'a selfie with my friends',
    'group selfie at the beach',
    'a photo of me holding a fish',
    'me with my car',
    'the kids in the pool',
    'kids jumping into the pool',
    'a dog swimming in the lake',
    'horses running in the field',
    'a cow looking at the camera',
    'a cat staring out the window',
    'a dog waiting by the door',
    'ducks swimming in the pond',
    'geese flying over the field',
    'fans at a football stadium',
    'people walking on the sidewalk',
    'a busy street market',
    'a farmers market',
    'a food truck',
    'a slice of pizza',
    'a hot dog at the game',
    'a bowl of salad',
    'fruit in a bowl',
    'oranges on a tree',
    'a carrot cake',
    'a bottle of wine and two glasses',
    'a teapot and cups',
    'a kitchen with a fridge and an oven',
    'a toaster',
    'a living room with a tv',
    'a bedroom with two beds',
    'a bathroom with a toilet and a sink',
    'scissors on the desk',
    'a train in the snow',
    'a boat on the sea at sunset',
    'a snowy street',
    'a street at night with lights',
    'a neon sign',
    'a tie',
    'a man wearing a tie',
    'skis and poles',
    'a skateboard trick',
    'a surfer riding a wave',
    'a wine glass',
    'a fork and a knife',
    'broccoli on a plate',
    'an orange',
    'a cake with candles',
    'a chair by the window',
    'a couch in the living room',
    'a potted plant on the table',
    'a bed with pillows',
    'a toilet',
    'a remote on the couch',
    'a keyboard and a monitor',
    'a cell phone on the table',
    'football fans',
    'fans cheering',
    'a crowd of fans',
    'a fan in the bedroom',
    'fans at the concert',
    'soccer fans in the stadium',
    'ceiling fans',
    'two electric fans',
    'fans in the office',
    'a cat sleeping on my phone',
    'a dog lying on my phone',
    'kids playing with my phone',
    'a baby chewing on my phone',
    'a cat sitting on my iphone',
    'kids on my phone',
    'dogs filmed on my phone',
    'a man on his phone',
    'a kitten asleep on my phone',
    'a cat on my phone',
    'a building on my phone',
    'a cat sleeping on my canon',
    'between 2 and 3 dogs',
    'from 2 to 5 people',
    'under 5 cars',
    'below 3 people',
    'more than 3 dogs',
    'fewer than 3 dogs',
    'less than three cats',
    'at most 2 people',
    'over 2 people',
    'above 4 people',
    'a cat under 2 chairs',
    'none people',
    'kids under 5',
    'photos with under 5 people',
    '2 to 3 dogs',
    '2–3 dogs',
    'zero dogs and 2 cats',
    'a bird over 2 trees',
    'dogs over 5',
    'beach from 2019 to 2021',
    'dogs from 2018 to 2020',
    '2-3 dogs',
    'dogs 2019-2021',
    '1-2 people',
    'beach 2019 — 2021',
    '3-4 kids on the beach',
    'beach dog',
    'kid bike',
    'car snow',
    'mom birthday',
    'cat window',
    'sunset beach',
    'city night',
    'family dinner',
    'baby bath',
    'puppy sleeping',
    'cat sleeping',
    'dog running',
    'kids pool',
    'hiking trail',
    'ski trip',
    'boat lake',
    'cow field',
    'sheep hill',
    'bird tree',
    'flowers garden',
    'halloween costume',
    'kitchen remodel',
    'bedroom bed',
    'garage car',
    'backyard bbq',
    'front yard',
    'porch swing',
    'cat tree',
    'pizza oven',
    'coffee shop',
    'bar drinks',
    'wine tasting',
    'beer garden',
    'food market',
    'airport plane',
    'taxi',
    'bike lane',
    'highway traffic',
    'bridge river',
    'castle',
    'church',
    'zoo elephant',
    'safari giraffe',
    'desert',
    'volcano',
    'harbor boats',
    'pier',
    'a lane',
    'a country lane',
    'an aquarium with fish',
    'a fish tank in the living room',
    '3 at the beach',
    '2 in the car',
    '5 on the bench',
    'the 737 at the gate',
    'the 5 of us at the beach',
    '3 of the dogs',
    'the 2 of them on the sofa',
    'flight 370 over the sea',
    'cellphone',
    'Dog.',
    'dogs!!!',
    '"red car"',
    "'cat'",
    'cat -dog',
    'cats -dogs -birds',
    'dog|cat',
    'dog, cat, bird',
    'dogs & cats',
    'cats AND NOT dogs',
    'cat OR dog',
    '>3 people',
    '3+ people',
    'at least three dogs',
    'exactly two cats',
    'only one person',
    'just 1 dog',
    '1 dog only',
    'up to 4 people',
    '3 or more cars',
    'less than 5 people',
    'under 10 people',
    'over 5 birds',
    'fewer people',
    'cat 😺',
    'dog?',
    'any dogs?',
    'are there dogs',
    'is there a cat in any photo',
    'where is my cat',
    'when did i see a giraffe',
    'which photos have horses',
    'show all cars',
    'list pictures with boats',
    'search: dog',
    "dog's bowl",
    "the cat's toy",
    "my dog's bed",
    "cats' tails",
    "kids' toys",
    'a dog , a cat',
    'dog..cat',
    'dog:cat',
    'dog-cat',
    'hot-dog',
    't-shirt',
    'wine-glass',
    'teddy-bear',
    'tv-monitor',
    'pottedplant',
    'diningtable',
    'tvmonitor',
    'aeroplane',
    'sofa bed',
    'a lifeguard on the beach',
    'a cop',
    'a postman',
    'an umpire',
    'the goalkeeper',
    'a cheerleader',
    'an actor on stage',
    'president',
    'a judge',
    'a baker',
    'a barber',
    'a skater',
    'a dog walker',
    'train conductor',
    'a doughnut',
    'a hotdog',
    'a flatscreen',
    'a notebook computer',
    'a stove',
    'a lavatory',
    'a wc',
    'a tv set',
    'the telly',
    'a handset',
    'a mug',
    'a tumbler',
    'cutlery',
    'silverware',
    'utensils',
    'crockery',
    'a sofa bed',
    'a futon',
    'an armchair',
    'a recliner',
    'a stool',
    'a bar stool',
    'a rocking chair',
    'a crib',
    'a cot',
    'a duvet',
    'a rug',
    'a carpet',
    'blinds',
    'a lamp shade',
    'a ceiling light',
    'a vase',
    'a basket',
    'a trash can',
    'a bin',
    'a recycling bin',
    'a dustbin',
    'a box',
    'a crate',
    'a fence',
    'a gate',
    'a hedge',
    'a bush',
    'shrubs',
    'a lawn',
    'a patio',
    'a deck chair',
    'a sun lounger',
    'a parasol',
    'two yellow taxis',
    'a white van parked outside',
    'a black suv',
    'a convertible with the top down',
    'a pickup truck in the mud',
    'a motorcycle with a sidecar',
    'a scooter on the sidewalk',
    'an electric scooter',
    'a steam train',
    'a freight train',
    'a cargo ship in the port',
    'a speedboat',
    'a jet ski',
    'a canoe on the river',
    'a rowing boat',
    'a sailboat with white sails',
    'a hot rod',
    'a vintage car',
    'a race car on the track',
    'a go kart',
    'a tractor pulling a trailer',
    'a school bus',
    'a fire engine',
    'a police motorcycle',
    'a small plane on the runway',
    'a seaplane',
    'a glider',
    'a car accident',
    'a car on a bridge',
    'an empty bus',
    'a bicycle with a basket',
    'a kid on a tricycle',
    'a unicycle',
    'people on segways',
    'a ski lift',
    'an escalator in the mall',
    'an elevator',
    'stairs to the beach',
    'a parking space',
    'a police van',
    'a police boat',
    'police officers',
    'a police horse',
    'an army truck',
    'a military plane',
    'a taxi boat',
    'a delivery van',
    'a farm tractor',
    'an ice cream truck',
    'a rescue boat',
    'a fire boat',
    'no more than five people on the beach',
    'less than 2 dogs and at least one cat',
    'over a dozen people',
    'under a dozen birds',
    'more than a couple of dogs',
    'fewer than a few people',
    'a handful of sheep',
    'zero cars on the road',
    'none of the photos with dogs',
    'beach but no people',
    'kitchen but no people',
    'a dog but not on the sofa',
    'a street with hardly any cars',
    'an almost empty beach',
    'just the two of us',
    'the three of us at the beach',
    'all four of us',
    'both of us on the sofa',
    'me and my 2 dogs',
    'my 3 kids and the dog',
    'a mom with her 2 kids',
    'a dad with 3 children at the park',
    '4 friends at a bar',
    '20 or more people',
    'at least 1 person',
    'between 1 and 3 cats',
    '1-2 cats',
    'under 3 cats on the sofa',
    'over 2 dogs in the park',
    'at least a dozen people',
    'up to a dozen people',
    'more than a dozen people',
    'at most a couple of cars',
    'a few cats',
    'fewer than a handful of people',
    'portrait photos of my dog',
    'landscape photos of mountains',
    'a panorama of the city',
    'close-ups of flowers',
    'a close up of a cat',
    'macro shots of insects',
    'night shots of the city',
    'long exposure of a waterfall',
    'grayscale photos of people',
    'monochrome street photography',
    'a black and white portrait',
    'aerial view of the city',
    'drone shots of the beach',
    'wide angle shot of a room',
    'a photo taken from a plane window',
    'reflection in the water',
    'shadows on the wall',
    'café',
    'naïve art',
    'a jalapeño pizza',
    'the café',
    '🐶 on the 🛋️',
    '👨\u200d👩\u200d👧 at the beach',
    'a dog in 東京',
    'dog 猫',
    'who was at the party',
    'where did i park my car',
    'when did we go to the beach',
    'have i ever seen a giraffe',
    'do i have photos of my grandma',
    'did we take pictures at the zoo',
    'find the one where the cat is in the box',
    "i'm looking for a photo of a red bicycle",
    'i need pictures of my car for insurance',
    'can you show me every picture with a horse',
    'any pics of the kids in the snow?',
    'pls find dog pics',
    'plz show cats',
    'dog pics pls',
    'cats!!',
    'DOGS ON THE BEACH',
    'Dogs On The Beach',
    'dOgS',
    'that photo with the big tree',
    'the picture with the boat and the lighthouse',
    'something with a clock',
    'stuff on a table',
    'things in the kitchen',
    'everything in the garden',
    'all my photos of food',
    'all the food pics',
    'my favorite photos of the ocean',
    'best shots of the mountains',
    'a dog in the park',
    'park the car',
    'the park',
    'kids in the park with their dog',
    'where we park the boat',
    'who is on the boat',
    'people who are sitting',
    'who',
    'a german shepherd',
    'a siamese cat',
    'a kitten and a puppy',
    'a parrot on a perch',
    'a hawk in the sky',
    'a pelican',
    'a flamingo',
    'a penguin',
    'a peacock',
    'a rooster',
    'chickens in the yard',
    'a koala',
    'a panda',
    'a brown bear in a river',
    'a moose',
    'a hedgehog',
    'a mouse',
    'a lizard',
    'a snake',
    'a crocodile',
    'a starfish on the beach',
    'a bee',
    'a ladybug',
    'a dragonfly',
    'ants',
    'a steak on a plate',
    'fried chicken',
    'a burrito',
    'sushi rolls',
    'a curry',
    'rice and beans',
    'a fruit salad',
    'blueberries',
    'a watermelon',
    'a pineapple',
    'grapes on the vine',
    'a lemon',
    'avocado toast',
    'eggs and bacon',
    'a stack of pancakes',
    'a bagel',
    'a croissant',
    'a baguette',
    'cheese and crackers',
    'a cupcake',
    'a pie',
    'a latte with latte art',
    'a bottle of beer',
    'a can of soda',
    'a cocktail',
    'champagne',
    'a picnic with sandwiches',
    'a barbecue with burgers',
    'chips and salsa',
    'nachos',
    'a kebab',
    'a pizza slice and a beer',
    'an airbus a380',
    'a 747',
    'my 787',
    'a dreamliner',
    'an a380 landing',
    'a soccer player kicking the ball',
    'a goalkeeper diving',
    'a basketball player dunking',
    'a baseball pitcher',
    'a golfer on the green',
    'a diver jumping off a board',
    'a runner crossing the finish line',
    'a cyclist in a race',
    'a skier jumping',
    'a surfer wiping out',
    'a wrestler',
    'a gymnast on the beam',
    'a ballet dancer',
    'a yoga pose on the beach',
    'a climber on a rock wall',
    'a hiker on the summit',
    'a kayaker in rapids',
    'a sailor on a yacht',
    'a fisherman on a boat',
    'a dog show',
    'a volleyball game on the beach',
    'a frisbee game in the park',
    'kids playing football',
    'a pool table',
    'kids opening presents',
    'a jack o lantern',
    'wedding cake',
    'bride and groom',
    'fog over the lake',
    'sunset at the beach',
    'a storm over the sea',
    'rainbow over the field',
    'desert with cactus',
    'the eiffel tower',
    'a newborn sleeping',
    'a girl with sunglasses',
    'a guy with a beard',
    'a band playing on stage',
    'someone playing the piano',
    'an office',
    'fishing on a lake',
    'a man fishing',
    'someone knitting',
    'grilling burgers',
    'a sailboat',
    'kids on the playground',
    'people swimming',
    'a basketball court',
    'a tennis court',
    'a dog park',
    'a squirrel',
    'zebras',
    'a butterfly',
    'a garden',
    'a bunch of bananas',
    'an apple',
    'oranges',
    'a pizza',
    'pasta',
    'a salad',
    'a hot dog',
    'a donut',
    'a cake',
    'coffee',
    'a beer',
    'cocktails',
    'a kitchen',
    'a living room',
    'a bedroom',
    'a bathroom',
    'a messy room',
    'books',
    'a couch',
    'a balcony',
    'a backyard',
    'city lights',
    'a skyline',
    'a house with a red door',
    'a red car',
    'a blue truck',
    'a motorcycle',
    'a bicycle',
    'a train',
    'a boat on the lake',
    'a cat bed',
    'a dog bowl',
    'a dog house',
    'a bird house',
    'a dog toy',
    'a cat toy',
    'a horse trailer',
    'a bike rack',
    'a car seat',
    'a baby car seat',
    'a boat trailer',
    'a dog leash',
    'a dog collar',
    'a bus driver',
    'a bird bath',
    'a horse barn',
    'a cow bell',
    'a chair cushion',
    'a table lamp',
    'a kitchen table',
    'a dining chair',
    'a bed frame',
    'a car door',
    'a bus window',
    'a train window',
    'a plane window',
    'a boat dock',
    'a bottle opener',
    'a cup holder',
    'a couch cushion',
    'a tv stand',
    'a book shelf',
    'a laptop bag',
    'a phone case',
    'a cake stand',
    'a bike helmet',
    'a horse saddle',
    'a dog on a dog bed',
    'my dog in his bed',
    'a sheep dog',
    'a cattle dog',
    'a bird dog',
    'a police dog',
    'a guide dog',
    'a guard dog',
    'a lap dog',
    'a house cat',
    'a barn cat',
    'a street cat',
    'an alley cat',
    'a car wash',
    'a bus stop sign',
    'a train track',
    'a bike path',
    'a horse rider',
    'a bird watcher',
    'a cat person',
    'a boxer dog',
    'a pug',
    'a sea lion',
    'a sea horse',
    'a seahorse',
    'a sea turtle',
    'a sea urchin',
    'seashells on the beach',
    'a starfish',
    'a catfish',
    'a horse fly',
    'a house fly',
    'a firefly',
    'a bullfrog',
    'a corn dog',
    'a sausage dog',
    'a prairie dog',
    'a catwalk',
    'a cowboy',
    'a cowgirl',
    'seafood',
    'a boat house',
    'a boathouse',
    'a tree house',
    'a treehouse',
    'a doll house',
    'a bookstore',
    'a book store',
    'a tablecloth',
    'table tennis',
    'a bed bug',
    'a bedside table',
    'a window seat',
    'a floor lamp',
    'a road sign',
    'a street sign',
    'a street light',
    'a skylight',
    'water polo',
    'a grasshopper',
    'a tree frog',
    'a tree trunk',
    'a rock band',
    'a food court',
    'a cupboard',
    'a bird nest',
    "a bird's nest",
    'a sunflower',
    'apple pie',
    'orange juice',
    'carrot cake',
    'an eggplant',
    'a bell pepper',
    'a tv show',
    'a phone booth',
    'a mouse pad',
    'a bear cub',
    'a koala bear',
    'gummy bears',
    'a panda bear',
    'a grizzly bear',
    'toilet paper',
    'a snow plow',
    'a snowplow',
    'a sky lantern',
    'a bus boy',
    'a toy car',
    'a toy train',
    'a model train',
    'a model airplane',
    'a dog sled',
    'a horse carriage',
    'a cat flap',
    'a bird of prey',
    'cats on the cat tree',
    'a birdhouse in the garden',
    'cat trees',
    'a doghouse',
    'dog beds',
    'a farmhouse',
    'a courthouse',
    'a ballroom',
    'a lunchroom',
    'a cornfield',
    'a shipyard',
    'a seashore',
    'a riverbed',
    'a flowerbed',
    'a houseboat',
    'headlights',
    'a snowmobile',
    'a horseman',
    'a skydiver',
    'a cheesecake',
    'a teaspoon',
    'a puppet',
    'limestone cliffs',
    'a buttercup',
    'an earthworm',
    'a seabird',
    'a wolfhound',
    'a turtleneck',
    'a cookbook',
    'a signpost',
    'a flagpole',
    'a footbridge',
    'a streetlamp',
    'kids on the seashore',
    'my farmhouse kitchen',
    'a flowerbed in the garden',
    'cars with headlights on at night',
    'a skydiver in the sky',
    'cheesecake on a plate',
    'an earthworm on the grass',
    'clothing',
    'a pudding',
    'a sapling',
    'bedding',
    'frosting on a cake',
    'hardwood flooring',
    'a starling',
    'a gosling',
    'a yearling',
    'a herring',
    'seaweed on the beach',
    'tumbleweed',
    'a flatbed truck',
    'a woodshed',
    'a toolshed',
    'a seedling',
    'a pudding cup',
    'a building',
    'a painting',
    'the ceiling',
    'a railing',
    'an awning',
    'a dog breed',
    'a steed',
    'reeds by the lake',
    'weeds in the garden',
    'a kneeling bench',
    'a fishing boat',
    'a sailing boat',
    'a racing car',
    'a sleeping bag',
    'a shopping bag',
    'a dining table',
    'a changing table',
    'a folding chair',
    'a baking tray',
    'a cooking pot',
    'a mixing bowl',
    'a serving tray',
    'a drinking glass',
    'a railroad crossing',
    'show me the pictures where my daughter is playing with our dog in the backyard',
    'are there any pictures of boats?',
    'do i have photos of my cat sleeping on the couch',
    'find the one with the red umbrella on the beach',
    "i'm looking for a photo of a man riding a horse on the beach",
    'that picture of the kids with the birthday cake',
    'the photo where grandma is holding the baby',
    'any photos with lots of birds',
    'the dog next to the red car',
    "my wife's car in the driveway",
    'pictures of me and my friends at the bar',
    'the picture of the sunset over the ocean',
    'photos of food from our trip',
    'pics of the kids in the pool',
    'photos with just one person in them',
    'landscape photos with no people',
    'photos of our living room before we painted it',
    'the picture with the giraffe at the zoo',
    'pictures of trains at the station',
    'that photo of a plate of pasta',
    'can you find pictures of kids playing soccer',
    'find me all pictures of trucks',
    'the photo of the black cat on the windowsill',
    'pics where someone is holding an umbrella',
    'a laptop and a cup of coffee on a desk',
    'a person sitting on a bench in the park',
    'two people walking on a beach at sunset',
    'someone surfing a big wave',
    'a plate with a sandwich and fries',
    'a bowl of soup and a spoon',
    'a man in a suit and tie',
    'a woman holding a handbag',
    'a little girl with a teddy bear',
    'a boy flying a kite',
    'people sitting around a dining table',
    'a kitchen with a refrigerator and a microwave',
    'a bedroom with a bed and a lamp',
    'an empty street at night',
    'a field of sheep',
    'a flock of birds in the sky',
    'a glass of water on the table',
    'someone reading a book on the couch',
    'a baby sleeping in a crib',
    'a horse in a field with a fence',
    'an airplane on the runway',
    'a train going over a bridge',
    'a bus on the street',
    'a motorcycle parked on the sidewalk',
    'a bicycle leaning against a wall',
    'a person skiing down a mountain',
    'kids playing frisbee in the park',
    'a man and a woman holding hands',
    'a family on the beach',
    'friends at a restaurant',
    'a crowd of people at a concert',
    'an elephant spraying water',
    'a stop sign on a street corner',
    'a steep hill',
    'a steep road',
    'a brook in the woods',
    'rose buds',
    'max on the beach',
    'me and doug at the lake',
    'our dog max',
    'luke and his car',
    'a fin in the water',
    'roman ruins',
    'watery eyes',
    'flower buds',
    'a girly bedroom',
    'emma with her new bike',
    'jack and the dog',
    'lily on the swing',
    'new york skyline',
    'the eiffel tower at night',
    'beach in hawaii',
    "grandma's house",
    "dad's truck",
    "baby's first christmas",
    'charlie the cat',
    'buddy playing fetch',
    'oscar on the couch',
    'daisy in the garden',
    'rocky the dog',
    'me and my buddy',
    'buddies at the beach',
    'geese',
    'mice',
    'oxen',
    'wolves',
    'leaves on the ground',
    'knives and forks',
    'shelves of books',
    'loaves of bread',
    'two calves',
    'sheeps',
    'deers',
    'fishes',
    'teddybear',
    'hotdog',
    'firehydrant',
    'stopsign',
    'trafficlight',
    'tv remote',
    'wineglass',
    'surf board',
    'skate board',
    'snow board',
    'base ball bat',
    'tennis racquet',
    'motor bike',
    'a bin on the pavement',
    'a flat with a balcony',
    'a petrol station',
    'a jumper',
    'a telly',
    'a sofa in the lounge',
    'a dustbin lorry',
    '#sunset #beach',
    '#dog #cute',
    'dog 🐶 beach 🏖️',
    'BEACH DOG',
    'Dog On Beach',
    'cats???',
    'dog.jpg',
    'dog or not dog',
    "'a red car'",
    'cat_on_sofa',
    'cat/dog',
    'cats & dogs',
    'cats + dogs',
    'cats, dogs & birds',
    'dog -cat -bird',
    '+dog +cat',
    'a dog, a cat',
    'a   dog    on   grass',
    'cat.',
    'cat...',
    'the cat.',
    'a cat:',
    'cat;dog',
    'red_car',
    'beach_dog_2019',
    'the photo with the most people',
    'photos with the most cars',
    'the biggest dog',
    'the largest crowd',
    'most crowded beach',
    'the closest car',
    'photos with the fewest people',
    'the first dog',
    'the second floor',
    'a dog on the third step',
    'lots of sky',
    'a little bit of grass',
    'a tiny dog',
    'a huge crowd',
    'full of people',
    'exactly one cat',
    'just cats',
    'only cats',
    'nothing but cats',
    'at most 3 dogs',
    'at least 2 cats',
    'the least crowded beach',
    'most people',
    'the white house',
    'a red panda',
    'a blue jay',
    'a black widow',
    'a green bean',
    'red wine',
    'white wine',
    'black coffee',
    'a redwood tree',
    'a red fire truck',
    'a yellow lab puppy',
    'a grey squirrel',
    'a brown bear',
    'a white tiger',
    'a goldfish',
    'a blackbird',
    'a bluebird',
    'a hippo',
    'a antelope',
    'a gazelle',
    'a platypus',
    'a sloth',
    'a walrus',
    'a mole',
    'a bat',
    'a lobster',
    'a hare',
    'a mule',
    'a ram',
    'a reindeer',
    'a elk',
    'a caribou',
    'a panther',
    'a cougar',
    'a puma',
    'a lynx',
    'a bobcat',
    'a coyote',
    'a dingo',
    'a meerkat',
    'a mongoose',
    'a armadillo',
    'a porcupine',
    'a chipmunk',
    'a gopher',
    'a weasel',
    'a mink',
    'a orca',
    'a manatee',
    'a stingray',
    'a eel',
    'a salmon',
    'a trout',
    'a tadpole',
    'a newt',
    'a salamander',
    'a toad',
    'a jay',
    'a cardinal',
    'a magpie',
    'a finch',
    'a wren',
    'a woodpecker',
    'a kingfisher',
    'a raven',
    'a falcon',
    'a dove',
    'a canary',
    'a cockatoo',
    'a parakeet',
    'a budgie',
    'a macaw',
    'a puffin',
    'a albatross',
    'a egret',
    'a ibis',
    'a quail',
    'a pheasant',
    'a partridge',
    'a grouse',
    'a emu',
    'a goldfinch',
    'a oriole',
    'a mockingbird',
    'a nightingale',
    'a lark',
    'a thrush',
    'a warbler',
    'a chickadee',
    'a kestrel',
    'a osprey',
    'a condor',
    'a cormorant',
    'a sandpiper',
    'a loon',
    'a otter',
    'a alpaca',
    'a vulture',
    'a beetle',
    'a ant',
    'a cicada',
    'a locust',
    'a scorpion',
    'a spider',
    'a shrimp',
    'a octopus',
    'a squid',
    'a slug',
    'a worm',
    'a dove on the roof',
    'salmon on a plate',
    'a blue jay on a branch',
    'hippos in the river',
    'reindeer in the snow',
    'raven',
    'a moose and a bear',
    'a pillow',
    'a curtain',
    'a mirror',
    'a clock',
    'a sofa',
    'an armchair',
    'a bench',
    'a shelf',
    'a drawer',
    'a dresser',
    'a freezer',
    'an oven',
    'a microwave',
    'a sink',
    'a tap',
    'a faucet',
    'a washer',
    'a dryer',
    'a bag',
    'a backpack',
    'a purse',
    'an umbrella',
    'a hat',
    'a cap',
    'a scarf',
    'a glove',
    'gloves',
    'a jacket',
    'a coat',
    'a sweater',
    'a shirt',
    'a dress',
    'a skirt',
    'jeans',
    'shorts',
    'a man with glasses',
    'a phone',
    'a laptop',
    'a computer',
    'a keyboard',
    'a monitor',
    'a screen',
    'a tv',
    'a remote',
    'a book',
    'a magazine',
    'a notebook',
    'a wall',
    'a door',
    'a window',
    'a roof',
    'a shed',
    'stairs',
    'an elevator',
    'an escalator',
    'a bridge',
    'a road',
    'a street',
    'a sidewalk',
    'a crosswalk',
    'a traffic',
    'a sign',
    'a pole',
    'a lamppost',
    'a hydrant',
    'a dumpster',
    'a bottle',
    'a cup',
    'a glass',
    'a plate',
    'a bowl',
    'a spoon',
    'a fork',
    'a knife',
    'a tray',
    'a pot',
    'a forest',
    'a jungle',
    'a valley',
    'a cliff',
    'an island',
    'a lagoon',
    'a marsh',
    'a pond',
    'a stream',
    'a dune',
    'a prairie',
    'a savanna',
    'an orchard',
    'a ranch',
    'a village',
    'a town',
    'a downtown',
    'a suburb',
    'an alley',
    'a plaza',
    'an arena',
    'a cathedral',
    'a lobby',
    'an office',
    'a port',
    'a dock',
    'a pier',
    'a marina',
    'a highway',
    'a freeway',
    'a railway',
    'an airport',
    'a runway',
    'a parking garage',
    'a campsite',
    'a cabin',
    'a cottage',
    'a mansion',
    'a palace',
    'a stable',
    'a zoo',
    'a park',
    'a terrace',
    'an attic',
    'a cellar',
    'a pantry',
    'a stage',
    'a cafe',
    'a diner',
    'a front yard',
    'a courtyard',
    'a countryside',
    'a coast',
    'a shore',
    'a bay',
    'a harbor',
    'a ski slope',
    'mountains',
    'hills',
    'a field',
    'chicken',
    'pizza',
    'spaghetti',
    'lasagna',
    'rice',
    'curry',
    'sandwich',
    'burrito',
    'tortilla',
    'quesadilla',
    'spring rolls',
    'fried rice',
    'omelette',
    'sausage',
    'ham',
    'toast',
    'muffin',
    'cereal',
    'oatmeal',
    'yogurt',
    'apple',
    'banana',
    'orange',
    'mango',
    'peach',
    'pear',
    'cherries',
    'lemon',
    'lime',
    'tomato',
    'potato',
    'carrot',
    'lettuce',
    'cucumber',
    'onion',
    'garlic',
    'pepper',
    'peas',
    'beans',
    'mushrooms',
    'spinach',
    'cabbage',
    'cauliflower',
    'zucchini',
    'pumpkin',
    'cookie',
    'brownie',
    'pie',
    'donut',
    'candy',
    'pretzel',
    'hot dog',
    'kebab',
    'falafel',
    'hummus',
    'shrimp',
    'lobster',
    'crab',
    'oysters',
    'fish',
    'salmon',
    'tuna',
    'fish and chips',
    'mac and cheese',
    'grilled cheese',
    'french toast',
    'smoothie',
    'tea',
    'juice',
    'wine',
    'beer',
    'cocktail',
    'milkshake',
    'lemonade',
    'water',
    'soda',
    'foggy morning in the mountains',
    'a rainy street at night',
    'sunrise over the lake',
    'a snowy cabin in the woods',
    'a jack o lantern on the porch',
    'fourth of july fireworks over the river',
    'a tent at the campsite',
    'a campfire by the lake',
    'kayaks on the beach',
    'a cruise ship in the harbor',
    'a pier with fishing boats',
    'a kid on a swing at the playground',
    'a slide at the playground',
    'a family at the dinner table',
    'a toddler with a balloon',
    'a dog catching a frisbee in the park',
    'a cat sleeping in a sunbeam',
    'a horse in a paddock',
    'a flock of sheep on the hillside',
    'a hamster in its cage',
    'a bunny in the garden',
    'a city skyline at dusk',
    'a busy market street',
    'a train at the station platform',
    'people waiting at the bus stop',
    'a taxi in the rain',
    'a double decker bus in london',
    'a subway car full of people',
    'a food truck in the park',
    'a street vendor selling fruit',
    'a coffee shop window',
    'a cozy living room with a fireplace',
    'a messy desk with a laptop',
    'a home office with two monitors',
    'an empty classroom',
    'a hospital bed',
    'a bathroom mirror selfie',
    'a dining room with a chandelier',
    'a child blowing bubbles',
    'two kids on a seesaw',
    'a boy flying a kite on the beach',
    'a woman reading on a bench',
    'a couple dancing at a wedding',
    'a family having a picnic',
    'a person taking a selfie',
    'friends toasting with wine glasses',
    'a waiter carrying plates',
    'a mechanic under a car',
    'a construction worker with a helmet',
    'a firefighter and a fire truck',
    'a doctor in a hospital',
    'a nurse with a patient',
    'a teacher in front of a whiteboard',
    'students in a lecture hall',
    'a dj at a party',
    'a hiker on a trail',
    'a diver underwater',
    'a soccer player kicking a ball',
    'a cat show',
    'a protest with signs',
    'a market with fruit stands',
    'a garage sale',
    'a car show',
    'inside a coffee shop',
    'a jack-o-lantern',
    'a cricket player',
    'people at a flea market',
    'a dog with fleas',
    'the most cars on the road',
    'the fewest people',
    'the least crowded street',
    'which photo has the most birds',
    'most of the photo is sky',
    'most of the dogs',
    'geese on a lake',
    'oxen pulling a cart',
    'wolves in the snow',
    'knives on a cutting board',
    'shelves with books',
    'women and children',
    'a man and his sons',
    'policemen on horses',
    'firemen',
    'fishermen on a boat',
    'feet in the sand',
    'two geese',
    'a mouse on the desk',
    'a computer mouse',
    'buses in the city',
    'boxes in a garage',
    'benches in a park',
    'glasses on a table',
    'sunglasses on the beach',
    "the kids' toys",
    "a child's bike",
    'ladies at a party',
    'gentlemen in suits',
    'babies sleeping',
    'puppies and kittens',
    'calves in a field',
    'lambs in spring',
    'foxes',
    'deer in the woods',
    'a herd of cattle',
    'livestock',
    'poultry',
    'ponies',
    'octopus',
    'cacti in the desert',
    'fungi',
    'mushroom',
    'a dog to the left of a cat',
    'a car in front of a house',
    'a person behind a tree',
    'a cat under the table',
    'a bird above the water',
    'a lamp next to the bed',
    'a bicycle between two cars',
    'a dog on top of a car',
    'a cat inside a box',
    'a boat far from the shore',
    'a happy dog',
    'a sad child',
    'an angry cat',
    'a smiling woman',
    'a crying baby',
    'a laughing man',
    'a scared dog',
    'a tired kid',
    'a man shaking hands',
    'kids holding hands',
    'a dog wagging its tail',
    'a cat licking its paw',
    'a horse jumping over a fence',
    'a bird taking off',
    'a boat sinking',
    'a car crash',
    'a broken window',
    'an empty beach',
    'a wet dog',
    'a dirty car',
    'a clean kitchen',
    'a deserted street',
    'a crowded street',
    'a dog on an empty beach',
    'a couple on an empty beach',
    'a deserted snowy road',
    'photos taken outside',
    'pictures taken inside',
    'landscapes with mountains',
    'a cityscape',
    'an aerial view of a city',
    'a view from the window',
    'a view of the ocean',
    'a sea view',
    'a mountain view',
    'scenery',
    'a close-up of a flower',
    'a macro shot of a bee',
    'a reflection in the water',
    'a family portrait',
    'a photo of two people',
    'a picture of a dog and a cat together',
    'just the dog',
    'dogs only',
    'a plate with nothing on it',
    'animals that live in water',
    'vehicles with two wheels',
    'a toddler eating spaghetti',
    'a thanksgiving turkey',
    'a graduation cap',
    "a dog's birthday",
    'a cat in a christmas hat',
    'a family at the beach',
    'grandpa with the grandkids',
    'my son playing football',
    'my daughter on a horse',
    'our new car',
    'breakfast at the hotel',
    'dinner with friends',
    'lunch at a cafe',
    'roasting marshmallows',
    'a gas station at night',
    'a plane window view',
    'clouds from above',
    'show me the photo with the most dogs',
    'which beach photo has the most people',
    'find the picture with the fewest cars',
    'the busiest beach',
    'the most popular beach',
    'photos with the most birds in the sky',
    'the most animals in one photo',
    'who has the most cats',
    'the picture with more than 10 people',
    'the biggest group photo',
    'the largest group of people',
    'the most crowded room',
    'the emptiest street',
    'the quietest beach',
    'an empty park bench',
    'an empty swimming pool',
    'a crowded train',
    'a crowded subway',
    'a deserted island',
    'an abandoned house',
    'an empty classroom with chairs',
    'a girl in a yellow raincoat',
    'a boy in a baseball cap',
    'a person wearing a mask',
    'a woman with a handbag',
    'a man with a backpack',
    'a kid with a lunchbox',
    'a hat on a hook',
    'a scarf and gloves',
    'winter boots by the door',
    'a laptop and a phone on a desk',
    'a tablet on the couch',
    'a keyboard and a mouse',
    'a game controller',
    'a printer in the office',
    'a candle on the table',
    'a heater',
    'a blender on the counter',
    'a washing machine in the laundry room',
    'lego bricks on the floor',
    'a rubber duck in the bath',
    'a stuffed animal',
    'a rocking horse',
    'a puzzle on the table',
    'a ball in the grass',
    'a skateboard in the park',
    'a tricycle',
    'building blocks',
    'a pot on the stove',
    'a frying pan with eggs',
    'a cup of tea and cookies',
    'a loaf of bread on the counter',
    'pancakes for breakfast',
    'a cupcake with sprinkles',
    'a box of donuts',
    'a steak on the grill',
    'a church with a tall steeple',
    'an old barn',
    'a lighthouse at dusk',
    'a red brick house',
    'a cottage with a garden',
    'a log cabin',
    'a tiny house',
    'a mosque',
    'a pagoda',
    'a cathedral interior',
    'a stone bridge',
    'a suspension bridge',
    'a covered bridge',
    'a tunnel through the mountain',
    'a canal with boats',
    'a harbor at sunset',
    'a marina full of sailboats',
    'a rocky coastline',
    'a meadow with wildflowers',
    'rice terraces',
    'a pine forest in winter',
    'autumn trees by a lake',
    'storm clouds over the city',
    'a carton of eggs',
    'a basket of apples',
    'a bag of oranges',
    'a jar of cookies',
    'a six pack of beer',
    'a tray of cupcakes',
    'two cups of coffee',
    'three glasses of wine',
    'a pile of leaves',
    'a herd of elephants',
    'a school of fish',
    'a pack of dogs',
    'a litter of puppies',
    'a swarm of bees',
    'a pod of dolphins',
    'a colony of penguins',
    'a pride of lions',
    'a team of horses',
    'a fleet of ships',
    'a convoy of trucks',
    'a bouquet of roses',
    'a forest of pine trees',
    'show me pictures of my cat',
    'find photos with both a dog and a cat',
    'any photos of the kids at the beach?',
    'landscapes with no people in them',
    'photos where there is a car but no people',
    'is there a picture of a horse',
    'the dog on the couch again',
    'cat sleeping in a box',
    'a box of pizza',
    'kids on the swings at the park',
    'a boy with a balloon',
    "my son's first bike ride",
    'grandpa fishing on the lake',
    'family dinner at the table',
    'a family picnic in the park',
    'the ocean from the balcony',
    'a pool with palm trees',
    'a hotel room with two beds',
    'a frozen pond with ducks',
    'a garden full of flowers',
    'a butterfly on a leaf',
    'seagulls at the beach',
    'a goldfish in a bowl',
    'a turtle on a rock',
    'a lizard on a wall',
    'a frog in the pond',
    'a red barn',
    'a cabin in the mountains',
    'a canoe on the lake',
    'fishing boats in the harbor',
    'where are my dog photos',
    'show me pictures of cats',
    'find photos with a bicycle',
    'photos of my car',
    'any pictures of boats?',
    '#sunset #sea',
    'beach, sunset, people',
    'only a cat',
    'a cat alone',
    'a dog by itself',
    'loads of cars',
    'several chairs',
    'dozens of people',
    'a group of horses',
    'a flock of birds',
    'a pile of plates',
    'a single chair',
    'one person',
    'one person only',
    'exactly one person',
    'at most two people',
    'more than five people',
    '5+ people',
    '3 or more dogs',
    '2-3 people',
    'between 2 and 4 people',
    'dog OR cat',
    'DOG AND NOT CAT',
    'cat +dog',
    "'dog'",
    'dog!',
    'dog...',
    "the dog's ball",
    "my kid's bike",
    "women's shoes",
    "someone's car",
    "people's faces",
    "a man's face",
    "a cat's face",
    "dog's nose",
    "somebody's car",
    "everyone's bikes",
    "someone's here",
    "everyone's smiling",
    "everyone's on the beach",
    "someone's dog on the sofa",
    '#dog #cat',
    "anybody's bike",
    "nobody's car",
    "the neighbour's cat",
    "the neighbor's dog in our garden",
    'home',
    'at home',
    'kids playing at home',
    'my home',
    'a cat at home',
    'home sweet home',
    'working from home',
    'coming home',
    'photos from home',
    'a dog at home on the sofa',
    'a cat indoors',
    'kids playing indoors',
    'a dog indoors on the sofa',
    'people indoors',
    'working indoors',
    'working outdoors',
    'people working',
    'portrait photos',
    'a sign with text',
    'reflections in the water',
    'close up of a dog',
    'wide shot of a city',
    'a cat on a sofa or a bed',
    'a cat on a sofa or a dog',
    'a dog on the beach or in the park',
    'people on the beach or in the park',
    'a dog on the beach or the park',
    'a dog on grass or sand',
    'a cat on the bed or on the sofa',
    'people in a kitchen or a dining room',
    'a bird on a tree or a fence',
    'a car on the road or a bus',
    'a boat on a river or a lake',
    'a cat in a box or a bag',
    'a horse in a field or a forest',
    'a dog on the sofa or a cat on the bed',
    'cars on the road or on the street',
    'a person on a bike or a motorcycle',
    'a man on a horse or a cow',
    'a cat or a dog on a sofa',
    'cats or dogs in the snow',
    'a man with a cat or a dog on the sofa',
    'a car or a bus on the road',
    'a dog or a cat',
    'a dog in snow',
    'a dog in the snow',
    'a dog on the snow',
    'people skiing in the snow',
    'a cat next to a dog or a bird',
    'a bike next to a tree or a fence',
    'a man in a suit or a dress',
    'a cat not on a sofa',
    'a dog but not on the beach',
    'a dog anywhere but the beach',
    'people outside the house',
    'a cat off the sofa',
    'a dog out of the car',
    'a car without people in it',
    'a room without a bed',
    'a bed without a person on it',
    'an empty table',
    'an empty chair',
    'an empty bench',
    'an empty bed',
    'a parked car with nobody inside',
    'a sofa with no one on it',
    'a street without people or cars',
    'a park without people and dogs',
    'neither a cat nor a dog on the sofa',
    'only dogs no cats',
    'no cats and dogs',
    'without cats and dogs',
    'a beach without people and umbrellas',
    'a man without a hat and a dog',
    'two dogs on a sofa or a bed',
    'a red car on the road or the street',
    'a cat on a red sofa or a bed',
    'a cat on a sofa or a bed with a person',
    'a dog on a sofa or a bed but no cat',
    'people at the beach or the pool',
    'kids at the park or the zoo',
    'a bird in the sky or on a tree',
    'a dog (on a sofa or a bed)',
    'a piece of cake',
    'a tray of cookies',
    'a jar of honey',
    'a pot of tea',
    'a bunch of flowers',
    'a row of trees',
    'a pile of books',
    'a crowd of people',
    'a sea of people',
    'a wall of books',
    'a litter of kittens',
    'an ocean of flowers',
    'a sea of clouds',
    'the sea of japan',
    'a view of the sea',
    'boats on the sea of galilee',
    'a sea of umbrellas on the beach',
    'do I have any photos of cats?',
    'how many photos have dogs',
    'can you find me a picture of a beach',
    "I'm looking for the photo where my dog is on the sofa",
    'that picture of grandma with the cake',
    'the one with the red car',
    'which photos show a bus',
    'is there a photo with a giraffe',
    'are there pictures of people eating pizza',
    'I need a photo of a laptop on a desk',
    'please show pictures of horses',
    'give me all photos of trains',
    'look for umbrellas',
    'photos where someone is holding an umbrella',
    'pictures in which a cat sleeps on a bed',
    'a photo that has both a cat and a dog',
    'photos that include a clock',
    'photos featuring a dog',
    'photos depicting a city street',
    'image of a plane in the sky',
    'pics of kids',
    'snapshots of the beach',
    'shots of the mountains',
    'boats on the see',
    'a cat on teh sofa',
    'busses',
    'cactuses',
    'octopuses',
    'cats adn dogs',
    'cats nad dogs',
    'dogs wiht a ball',
    'cactus',
    'cacti',
    'a cat on hte sofa',
    'dogs form 2019',
    'two busses',
    'school busses',
    'school buses',
    '2x dogs',
    '≥2 dogs',
    '>2 dogs',
    'up to 3 people',
    'max 3 people',
    'min 2 people',
    'a dozen people',
    '100 people',
    '2 or more cats',
    'two to four people',
    '2 to 4 people',
    '4-6 people',
    '3 ppl',
    'lots of ppl',
    'ppl',
    '3 people or less',
    '5 people or fewer',
    '3 people or more',
    '2 dogs or more',
    '3 or fewer people',
    '3 or less people',
    'at most 3 people',
    '2 dogs or more cats',
    '3 red cars or more',
    'a minimum of 2 dogs',
    '4 people max',
    '2 people minimum on a bench',
    '3 people or more on the beach',
    'maximum 2 cats',
    'cats max',
    'dogs from march',
    'cats in march 2020',
    'dogs before 2 years ago',
    'cats taken before last year',
    'a dog older than 5 years',
    'my car keys',
    'a coffee mug',
    'a plant on the windowsill',
    'a fan',
    'a garden hose',
    'a traffic cone',
    'a car key',
    'a bike lock',
    'a bus ticket',
    'a train ticket',
    'a boat trip',
    'a car charger',
    'a car window',
    'a chair leg',
    'a table top',
    'a clock face',
    'a rock face',
    'a table leg',
    'a chair arm',
    'a bottle neck',
    'the face of a clock',
    'a dog face',
    'a horse head',
    'a bed head',
    'a cliff face',
    'the mountain face',
    "a dog's head",
    "a person's hand",
    "a baby's feet",
    'a teddy bear face',
    'a cat with orange eyes',
    'a woman with orange hair',
    'a dog with its head out the window',
    'a baby in her arms',
    'a girl with flowers in her hair',
    'a man with a tattoo on his arm',
    'a guy with a phone in his hand',
    'a kid with a ball in hand',
    'a woman with a cup in hand',
    'a bird on a hand',
    'a horse face',
    'a horse with a white face',
    'a cake face',
    'a sheep head',
    'dog hair on the sofa',
    'two dogs',
    'cats without dogs',
    'dogs',
    'a kitchen with an oven',
    'cats or dogs but no people',
    'car > 10%',
    'a man next to a car',
    'a dog behind a fence',
    'a person between two cars',
    'a dog between two people',
    'a dog outside a house',
    'a bird on top of a car',
    'a cat on top of the fridge',
    'a man on the left',
    'a dog in the middle',
    'a tree in the background',
    'people in the foreground',
    'a car at the bottom',
    'an astronaut',
    'astronaut',
    'a person',
    'a birthday party with a cake and kids',
    'kids blowing out candles',
    'a family dinner at the table',
    'friends having drinks at a bar',
    'a toddler on a slide',
    'kids on a trampoline',
    'a dog fetching a ball',
    'a cat sleeping in the sun',
    'a cat in a window',
    'a man walking his dog',
    'a skateboarder at the skate park',
    'surfers on the waves',
    'people skiing on a mountain',
    'a tennis player on the court',
    'a restaurant table with food',
    'a pizza on the table',
    'a cup of coffee and a laptop',
    'a classroom with students',
    'a library with books',
    'a busy street in the city',
    'a quiet street',
    'an airport with planes',
    'a sunset at the beach',
    'a zoo with elephants',
    'giraffes in the wild',
    'green grass',
    'a red brick wall',
    'a blue door',
    'a yellow house',
    'a white fence',
    'a black cat on a white sofa',
    'a brown dog on green grass',
    'grey sky',
    'a clear blue sky',
    'dark clouds',
    'golden sand',
    'turquoise water',
    'a blue car or a red car',
    'red or blue cars',
    'a black-and-white dog',
    'a teal car',
    'a mint green wall',
    'an emerald sea',
    'charcoal sofa',
    'a khaki tent',
    'a ruby red car',
    'my wife and I at the beach',
    'us at the beach',
    'selfie with my cat',
    'a photo of me',
    'photos of us',
    'my kids and the dog',
    'the kids with grandma',
    'mom and dad',
    'my family at christmas',
    'me on a bike',
    'my son playing soccer',
    'our cat on the bed',
    'my old truck',
    'a sign that says stop',
    'mostly water',
    'a bit of sky',
    'lots of snow',
    'plenty of trees',
    'a little grass',
    'half sky half sea',
    'mostly people',
    'just trees',
    'nothing but water',
    'sky only',
    'nothing but sky and sea',
    'a dog with nothing but a ball',
    'nothing except trees',
    'cars but not trucks or buses',
    'cars but no trucks or buses',
    'a bus or a truck but no cars',
    'dogs and cats but not birds',
    'a cat with a dog or a bird',
    'a man with a dog and a cat',
    'a woman with a dog or a cat on a leash',
    'a dog with a ball or a stick in the park',
    'a kid with an ice cream or a cake',
    'two dogs or three cats',
    'a dog or two cats',
    'one cat or two dogs on a sofa',
    'a red car or a blue truck in the street',
    'people with umbrellas or hats',
    'a boat or a ship on the sea or a lake',
    'a plane or a bird in the sky',
    'trains or buses at a station',
    'a bench or a chair in the park',
    'a cup or a glass on a table',
    'a laptop or a computer on a desk',
    'a cat and a dog or a bird',
    'a cat or a dog and a bird',
    'either cats or dogs but not both',
    'cats and dogs but no birds or fish',
    'people but no cars or bikes on the road',
    'a beach without people or umbrellas',
    'a kitchen with no people or pets',
    'a living room with a tv or a fireplace',
    'a bathroom with a bathtub or a shower',
    'an office with a desk and a computer or a laptop',
    'a street with cars or buses but no people',
    'a park with trees or flowers and a bench',
]


@pytest.mark.parametrize("text", EVERYDAY + EVERYDAY_AS_TYPED)
def test_everyday_queries_parse_to_at_least_one_object_or_scene(text: str) -> None:
    from segsearch.query.parser import _unaccented, parse_noting

    node, left_out = parse_noting(text)
    assert positive_classes(node), text
    # words left out are the user's own (without accents), except worn glasses, named as what they are
    said = _unaccented(text.lower())
    assert all(w in said or (w == "eyeglasses" and "glasses" in text) for w in left_out)


def test_a_drink_is_searched_as_its_container() -> None:
    """A drink is not seen apart from what holds it: "a bottle of water" is a bottle, not a bottle
    beside a lake; a drink named by its own container word (wine: a wine glass) may be either."""
    from segsearch.query.parser import parse_noting

    assert parse("a bottle of water") == Term("bottle")
    assert parse("a bottle of water on the beach") == parse("a bottle on the beach")
    assert parse("two cups of coffee") == Term("cup", ">=", 2)
    assert parse("a mug of hot chocolate") == Term("cup")  # "hot chocolate" is one word, not hot + food
    assert parse_noting("a glass of red wine") == (Or((Term("glass"), Term("wine glass"))), [])
    assert parse("a bowl of fruit") == And((Term("bowl"), Term("fruit")))  # food is seen: both
    assert parse("a bottle of cats") == And((Term("bottle"), Term("cat")))
    assert parse("a sandwich and chips") == And((Term("sandwich"), Term("food")))


@pytest.mark.parametrize("text, expected", [
    ("only one dog", Term("dog", "=", 1)),
    ("photos with just two people", Term("person", "=", 2)),
    ("two or more cats", Term("cat", ">=", 2)),
    ("3 or fewer people", Term("person", "<=", 3)),
    ("up to three people", And((Term("person"), Term("person", "<=", 3)))),  # some, not none
    ("one or two dogs", Term("dog", ">=", 1)),
    ("twenty people", Term("person", ">=", 20)),
    ("dozens of birds", Term("bird", ">=", 3)),
    ("tons of birds", Term("bird", ">=", 3)),
    ("a handful of people", Term("person", ">=", 2)),
    ("hundreds of people", Term("person", ">=", 6)),
    ("more dogs", Term("dog")),  # no count: "show me more dogs"
    ("only dogs", Term("dog")),
])
def test_counts_said_as_people_say_them(text: str, expected: Term | And) -> None:
    assert parse(text) == expected


def test_comparing_two_counts_is_one_clear_error() -> None:
    with pytest.raises(QueryError, match="cannot compare two counts"):
        parse("more dogs than cats")
    with pytest.raises(QueryError, match="a thing to search for was expected, got 'or'"):
        parse("just 2 or more cats")  # not "unknown word 'or'"


def test_glasses_someone_wears_are_not_drinking_glasses() -> None:
    from segsearch.query.parser import parse_noting

    assert parse_noting("a man with glasses") == (Term("person"), ["eyeglasses"])
    assert parse_noting("a girl wearing dark glasses") == (Term("person"), ["dark", "eyeglasses"])
    assert parse_noting("a woman in glasses") == (Term("person"), ["eyeglasses"])
    assert parse("a table with glasses") == And((Term("table"), Term("glass")))


def test_a_query_s_parts_are_said_back_in_words() -> None:
    """`described`, which names the conditions of a search that found nothing: scenes by their
    names, counts in words."""
    from segsearch.query.parser import described

    def parts(text: str) -> list[str]:
        node = parse(text)
        return [described(i) for i in node.items] if isinstance(node, And) else [described(node)]

    assert parts("people on the beach") == ["person", "beach"]
    assert parts("a kitchen with an oven") == ["kitchen", "oven"]
    assert parts("exactly 2 red cars and fewer than 3 dogs") == ["exactly 2 red cars", "fewer than 3 dogs"]
    assert parts("cats but no dogs") == ["cat", "no dog"] and parts("at least 2 people") == ["at least 2 people"]
    assert parts("(cat or dog) and car > 10%") == ["cat or dog", "car > 10%"]


def test_people_by_trade_are_people_and_a_word_of_its_own_is_no_phrase_slip() -> None:
    """"a lifeguard on the beach" searched for the beach alone and "a cop", "a baker", "an umpire"
    were refused; people by trade or role are people. Adding "baker" made "coffee maker" a mistyped
    coffee table: a phrase slip now needs its slipped word near the word typed (`CLOSE`)."""
    from segsearch.query.parser import parse_noting

    assert parse("a lifeguard on the beach") == parse("a person on the beach")
    for text in ("a cop", "a postman", "an umpire", "the goalkeeper", "a baker", "a barber", "a skater", "a judge"):
        assert parse(text) == Term("person"), text
    assert parse("a dog walker") == parse("a dog and a person")
    assert parse("a queen bed") == Term("bed") and parse("a camper van") == Term("van")  # describing words
    assert parse_noting("a coffee maker") == (Term("cup"), ["maker"])
    with pytest.raises(QueryError, match="no network of segsearch labels 'lawn mower'"):
        parse("a lawn mower")  # named as typed; was "did you mean 'land rover'?": both words differed
    with pytest.raises(QueryError, match="did you mean 'traffic light'"):
        parse("traffic lite")


def test_vehicles_by_other_names_and_the_police_as_a_make() -> None:
    """"a police van" asked for a person and a van, "a hot rod" was refused as a rod, "a go kart"
    offered art, "a unicycle" an uncle; the police alone are people, before a thing they describe it."""
    from segsearch.query.parser import parse_noting

    assert parse_noting("a police van") == (Term("van"), ["police"]) and parse("the police") == Term("person")
    for text, same in (("a hot rod", "a car"), ("a go kart", "a car"), ("a seaplane", "a plane"),
                       ("a kid on a tricycle", "a kid on a bicycle"), ("a unicycle", "a bicycle"),
                       ("a parking space", "a parking lot")):
        assert parse(text) == parse(same), text
    with pytest.raises(QueryError, match="no network of segsearch labels 'parachute'"):
        parse("a parachute")
    # an airliner by its number after an article is an airplane ("a 747" counted nothing)
    for text, same in (("a 747", "an airplane"), ("the 737 at the gate", "an airplane at the gate"),
                       ("an a380", "an airplane"), ("a dreamliner", "an airplane")):
        assert parse(text) == parse(same), text
    with pytest.raises(QueryError, match="none has 747 people"):
        parse("the 747 people")  # a thing to count follows: a count


def test_creatures_and_dishes_by_name() -> None:
    """"a ladybug" offered lady, "a starfish on the beach" lost the starfish, and "nachos",
    "a kebab", "a baguette" and "blueberries" were unknown words."""
    for text, same in (("a ladybug", "an animal"), ("a dragonfly on a leaf", "an animal on a leaf"),
                       ("a starfish on the beach", "an animal on the beach"), ("a heron", "a bird"),
                       ("nachos", "food"), ("a kebab", "food"), ("a baguette", "food"), ("blueberries", "food"),
                       # unknown words until a later session: animals and birds by name
                       ("a toad on a rock", "an animal on a rock"), ("hippos in the river", "animals in the river"),
                       ("a blue jay on a branch", "a bird on a tree"), ("two doves", "two birds"),
                       ("a ram on a cliff", "a sheep on a cliff"), ("a dingo", "a dog"),
                       # vegetables by name are food: the vegetable concept is only broccoli and carrots
                       ("a cucumber", "food"), ("mushrooms on a plate", "food on a plate"), ("an eggplant", "food")):
        assert parse(text) == parse(same), text


def test_fans_in_the_plural_are_people_but_machines_named_so() -> None:
    """"a crowd of fans" asked for six electric fans, "fans at the concert" for a fan."""
    assert parse("a crowd of fans") == Term("person", ">=", 6)
    assert parse("fans at the concert") == parse("fans cheering") == Term("person")
    assert parse("a fan in the bedroom") == parse("a fan and a bed")
    assert parse("two electric fans") == Term("fan", ">=", 2) and parse("ceiling fans") == parse("ceiling fan")


# Common nouns of photos (people, clothing, objects, places, food, animals), as a check on the one
# hard case of leaving words out: a word one slip from a vocabulary word that means something else.
# 56 were refused as typos when the list was written; adding words must not make more collide.
COMMON_NOUNS = """
    piano guitar violin drum drums trumpet microphone speaker speakers headphones camera tripod
    ladder cane crutches wheelchair stroller pram cradle crib swimsuit bikini dress skirt shirt
    jacket coat hat cap scarf gloves glove mask costume uniform apron jeans sweater hoodie shorts
    waiter waitress teacher pilot driver musician drummer guitarist singer dancer cook hiker biker
    passenger customer audience boyfriend girlfriend spectator vendor cashier mechanic builder
    artist painter photographer model referee coach jockey cowboy climber diver fan fans visitor
    traveler traveller commuter guest priest monk nun king queen prince princess knight clown
    magician sailor captain scientist businessman employee crew band choir orchestra grandmother
    grandfather granny uncle aunt cousin brother sister twins infant newborn boys girls mum tray
    basket bucket box boxes bag bags barrel crate jar jug pitcher teapot kettle pan pot pots lid
    spatula whisk lamp lantern candle chandelier heater radiator vent pipe pipes wire wires cable
    cables pole poles post sign signs banner flag flags statue sculpture fountain monument tower
    castle palace temple mosque church cathedral chapel barn shed hut cottage cabin tent igloo bench
    swing slide seesaw hammock trampoline pool hot tub jacuzzi sauna gym treadmill dumbbell bridge
    tunnel dam pier dock harbor harbour port marina canal lake pond stream creek river waterfall
    island cliff cave canyon valley hill desert dune volcano glacier iceberg reef coral jungle
    rainforest meadow orchard vineyard farm garden yard lawn patio porch balcony deck roof chimney
    gate fence wall hedge bush bushes shrub vine ivy moss cactus palm pine oak leaf leaves branch
    branches log logs stump root roots rock rocks stone stones pebble pebbles boulder sand mud
    puddle ice snow frost apple banana orange lemon lime grape grapes cherry cherries peach pear
    plum melon watermelon pineapple mango kiwi coconut berry berries bread toast cereal oatmeal
    yogurt cheese butter jam honey egg eggs bacon sausage ham burger hamburger cheeseburger sandwich
    wrap burrito pizza pasta noodle salad soup stew curry rice sushi dumpling dumplings steak
    chicken turkey fish shrimp lobster crab oyster cake cupcake muffin cookie biscuit brownie pie
    tart donut pancake waffle croissant bagel candy chocolate icecream phone smartphone tablet ipad
    computer laptop monitor screen keyboard mouse printer router charger remote tv television radio
    clock watch book books magazine newspaper notebook pen pencil marker crayon paint brush canvas
    easel frame poster map calendar toy toys doll dolls lego puzzle ball balls kite frisbee
    skateboard scooter surfboard snowboard skis sled car truck bus van taxi train tram subway plane
    helicopter boat ship ferry canoe kayak yacht submarine bicycle motorcycle tractor dog cat horse
    cow sheep goat pig duck goose swan bird parrot owl eagle pigeon seagull penguin rabbit bunny
    hamster rat squirrel deer fox wolf bear lion tiger leopard cheetah elephant giraffe zebra monkey
    gorilla kangaroo koala panda camel llama shark whale dolphin seal turtle frog snake lizard
    crocodile spider butterfly bee ant insect bug snail
""".split()


@pytest.mark.parametrize("compound, meant", [
    ("a sea lion", "an animal"), ("sea turtles", "animals"), ("a horse fly", "an animal"),
    ("a house fly", "an animal"), ("a prairie dog", "an animal"), ("a bed bug", "an animal"),
    ("a tree frog on a leaf", "an animal on a leaf"), ("a guard dog", "a dog"), ("two lap dogs", "two dogs"),
    ("a cattle dog", "a dog"), ("a bird dog in the field", "a dog in the field"), ("a house cat", "a cat"),
    ("an alley cat", "a cat"), ("a corn dog", "food"), ("apple pie", "food"), ("gummy bears", "food"),
    ("a bear cub", "a bear"), ("a floor lamp", "a lamp"), ("street signs", "signboards"), ("a sofa bed", "a sofa"),
    ("a phone booth", "a booth"), ("a snow plow", "a truck"), ("a bus boy", "a person"), ("a tree house", "a house"),
    # written as one word; those ending as a past tense does are no action ("riverbed", "cowshed")
    ("a riverbed", "a river"), ("a flowerbed", "flowers"), ("a waterbed", "a bed"), ("the seashore", "the beach"),
    ("a farmhouse", "a house"), ("a skydiver in the sky", "a person in the sky"), ("a cornfield", "a field"),
    ("cheesecake", "cake"), ("a wolfhound", "a dog"), ("two seabirds", "two birds"),
])
def test_two_words_that_name_one_thing_are_that_thing_never_their_parts(compound: str, meant: str) -> None:
    """A compound whose whole is another thing than its words (a sea lion is no sea, a guard dog
    no guard, a corn dog no dog) is searched as that thing."""
    from segsearch.query.parser import parse_noting

    assert parse_noting(compound) == parse_noting(meant)


def test_pets_are_dogs_and_cats_and_a_pet_animal_is_the_animal() -> None:
    """"pets" searched for any animal, and a giraffe was the first photo of the 100 labelled ones:
    pets are the dogs and cats people keep and photograph, counted one kind at a time as other
    kinds of things are; "pet" before an animal only says whose it is."""
    from segsearch.query.parser import broadened

    for said in ("pets", "a pet", "my pets", "our pet", "pet photos"):
        assert parse(said) == parse("dog or cat"), said
    assert parse("two pets") == parse("at least 2 dogs or at least 2 cats")
    assert parse("no pets") == parse("no dog and no cat") or parse("no pets") == parse("not (dog or cat)")
    assert parse("pets on the sofa") == parse("(dog or cat) and sofa")
    for pet, animal in (("a pet dog", "a dog"), ("my pet cats", "cats"), ("a pet rabbit", "a rabbit"),
                        ("pet birds", "birds"), ("a pet parrot on a chair", "a parrot on a chair")):
        assert parse(pet) == parse(animal), pet
    assert broadened("a pet rabbit") == [("rabbit", "animal")] and broadened("pets") == []


def test_alternatives_said_first_are_what_but_with_and_without_join() -> None:
    """"cats or dogs but no people" asked for cats, or for dogs without people, and "a cat or a dog
    with a ball" gave the ball to the dog alone, as the formal grammar binds AND tighter than OR.
    Plain alternatives said first, or after "with", are now one operand; so are places after a word
    of place ("a cat on a sofa or a bed"), where no alternative is of the placed thing's kind ("a
    cat on a sofa or a dog"); an explicit "and" and "but not both" read as before."""
    either = Or((Term("cat"), Term("dog")))
    assert parse("cats or dogs but no people") == And((either, Not(Term("person"))))
    assert parse("photos of a cat or a dog with a ball") == And((either, Term("ball")))
    assert parse("cats or dogs, without people") == And((either, Not(Term("person"))))
    assert parse("2 red cars or a bus with people") == And((Or((Term("car", ">=", 2, colour="red"), Term("bus"))),
                                                           Term("person")))
    assert parse("cat or dog and person") == Or((Term("cat"), And((Term("dog"), Term("person")))))
    assert parse("a cat on a sofa or a dog on a bed") == Or((And((Term("cat"), Term("sofa"))),
                                                             And((Term("dog"), Term("bed")))))
    # after "with", to the end or such a word: "a man with a cat or a dog" is a man with either
    assert parse("a man with a cat or a dog") == And((Term("person"), either))
    assert parse("a dog with a ball or a frisbee, but no people") == And((Term("dog"), Or((Term("ball"),
                                                                          Term("frisbee"))), Not(Term("person"))))
    # after a word of place, places of the thing placed: "a cat on a sofa or a bed" is a cat on either
    assert parse("a cat on a sofa or a bed") == And((Term("cat"), Or((Term("sofa"), Term("bed")))))
    assert parse("people on the beach or in the park") == And((Term("person"), Or((parse("beach"), parse("park")))))
    assert parse("a man on a horse or a cow") == And((Term("person"), Or((Term("horse"), Term("cow")))))
    assert parse("a cat or a dog on a sofa") == And((either, Term("sofa")))  # alternatives first, then placed
    assert parse("a man with a cat or a dog on the sofa") == And((Term("person"), either, Term("sofa")))
    # an alternative no network labels is left out, and the others keep their place in the query
    assert parse_noting("a dog with a ball or a stick in the park") == (
        And((Term("dog"), Term("ball"), parse("park"))), ["stick"])
    # ... but an alternative of the kind of the thing placed, not of its place, is another thing
    assert parse("a cat on a sofa or a dog") == Or((And((Term("cat"), Term("sofa"))), Term("dog")))
    assert parse("a car on the road or a bus") == Or((And((Term("car"), Term("road"))), Term("bus")))
    assert parse("dogs or cats but not both") == And((Or((Term("dog"), Term("cat"))),
                                                      Not(And((Term("dog"), Term("cat"))))))


def test_sports_and_architecture_are_words_of_what_the_networks_label() -> None:
    """"sports" and "architecture" were unknown words: they are the sports equipment the detector
    boxes (balls, rackets, skis...) and buildings, said of the whole (no kind is broadened)."""
    from segsearch.query.parser import broadened

    assert parse("sports") == parse("sport") == parse("sports equipment")
    assert parse("sports fans") == parse("sports equipment and people")
    assert parse("a sports car") == Term("car")
    assert parse("modern architecture") == Term("building") and broadened("architecture") == []


def test_a_kind_no_network_tells_apart_is_searched_as_its_whole_and_said_so() -> None:
    """A word for one kind of animal, food, building, clothing... that no network labels apart is
    searched as any of them, and `broadened` names it; the whole's own words, its networks'
    labels, makes, and words not searched for (negated) are no such kind."""
    from segsearch.query.parser import broadened, broadened_note

    assert parse("a squirrel in the park") == parse("an animal in the park")
    assert broadened("a squirrel in the park") == [("squirrel", "animal")]
    assert broadened("sushi and two ducks") == [("sushi", "food"), ("ducks", "bird")]
    assert broadened("a barn") == [("barn", "house")] and broadened("a red shirt") == [("shirt", "apparel")]
    for whole in ("animals", "wildlife", "a pet", "skyscrapers", "a lamp", "clothes", "a honda", "a dog",
                  "a pizza", "dogs but no squirrels", "fruit", "a potted plant", "people on the beach", "a person",
                  "someone skiing", "humans", "everybody", "a crowd", "a group of friends", "a selfie"):
        assert broadened(whole) == [], whole
    # no network tells a man from a woman or a child: said so, as for the animals
    assert broadened("a man on a horse") == [("man", "person")]
    assert broadened("kids playing soccer and a woman") == [("kids", "person"), ("woman", "person")]
    assert broadened_note(broadened("the bride and groom")) == (
        "no network tells 'bride' or 'groom' from other people: searched for any person")
    assert broadened_note([("squirrel", "animal"), ("lion", "animal"), ("sushi", "food")]) == (
        "no network tells 'squirrel' or 'lion' from other animals: searched for any animal; "
        "no network tells 'sushi' from other food: searched for any food")


def test_nouns_shaped_like_actions_are_things_or_named_as_unlabelled() -> None:
    """Words ending as an action does ("-ing", "-ed") are read as actions no network sees; the
    nouns among them are the things they name, or things no network labels, said so."""
    assert parse("a sapling") == parse("seedlings") == Term("plant")
    assert parse("a starling on the fence") == And((Term("bird"), Term("fence")))
    assert parse("a yearling") == parse("a steed") == Term("horse")
    assert parse("bedding") == Term("blanket") and parse("a woodshed") == Term("house")
    assert parse("a drinking glass") == Term("glass")  # what it is for: no drink beside a glass
    for typed in ("an earring", "a swing", "a bobsled", "a walking stick"):
        with pytest.raises(QueryError, match=f"^no network of segsearch labels '{typed.split(' ', 1)[1]}'"):
            parse(typed)


def test_a_word_of_several_typed_as_one_and_the_plurals_people_type_are_that_word() -> None:
    from segsearch.vocabulary import vocabulary

    for closed, spaced in (("teddybear", "teddy bear"), ("a firehydrant", "a fire hydrant"), ("stopsign", "stop sign"),
                           ("two trafficlights", "two traffic lights"), ("a baseballbat", "a baseball bat")):
        assert parse(closed) == parse(spaced), closed
    assert parse("sheeps") == parse("sheep") and parse("two deers") == parse("two deer")
    assert parse("fishes") == parse("fish")
    assert "anything" not in vocabulary().words  # no "any thing" typed as one: a word of its own


def test_a_thing_made_for_an_animal_is_the_animal_with_the_thing_named() -> None:
    """No network labels a cat tree or a dog bed; their photos mostly show the animal on them, so
    the animal is searched and the thing named as left out, as typed. A count or a colour said of
    the thing is not the animal's, and no photo can be asked to lack a thing no network sees."""
    from segsearch.query.parser import parse_noting

    assert parse_noting("a cat tree") == (Term("cat"), ["cat tree"])
    assert parse_noting("a dog asleep on his dog bed") == (Term("dog"), ["asleep", "dog bed"])
    assert parse_noting("3 dog beds") == (Term("dog"), ["dog beds"])  # not three dogs
    assert parse_noting("a red dog bed") == (Term("dog"), ["red", "dog bed"])  # not a red dog
    assert parse_noting("a birdhouse and a cat") == (And((Term("bird"), Term("cat"))), ["birdhouse"])
    with pytest.raises(QueryError, match="'cat tree'"):
        parse("cats but no cat tree")
    # things no network labels are named as typed, in two words or one
    for typed in ("a fire pit", "a sea shell", "a paper plane", "a horse shoe", "a horseshoe", "a snow globe"):
        with pytest.raises(QueryError, match=f"labels '{typed[2:]}'"):
            parse(typed)


def test_everyday_nouns_are_words_or_left_out_never_taken_for_typos() -> None:
    """Common nouns of photos that are one typing slip from a vocabulary word (a waiter is not
    water, a cane not a canoe, a seal not the sea) are words of their own or left out and named."""
    from segsearch.query.parser import parse_noting
    from segsearch.vocabulary import vocabulary

    refused = []
    for noun in COMMON_NOUNS:
        try:
            node, left_out = parse_noting(f"a dog and a {noun}")
        except QueryError:
            refused.append(noun)
            continue
        assert "dog" in positive_classes(node) and (left_out == [noun] or noun in vocabulary().words), noun
    assert not refused

    assert parse("a waiter with a tray") == And((Term("person"), Term("tray")))
    assert parse("seals on the rocks") == And((Term("animal"), Term("rock")))
    assert parse_noting("an old man with a cane") == (Term("person"), ["old", "cane"])
    assert parse_noting("kids on a sled") == (Term("person"), ["sled"])
    assert parse("toast and jam") == Term("food") and parse("a traffic jam") == Term("vehicle")


def test_a_query_with_nothing_left_to_search_is_one_error() -> None:
    with pytest.raises(QueryError, match="no network of segsearch labels 'balloons'"):
        parse("a birthday party with balloons")  # birthday and party are occasions; no network labels balloons
    with pytest.raises(QueryError, match="does not see 'fireworks'"):
        parse("fireworks")  # an occasion's sight no network labels
    for text in ("sunset", "a birthday party", "wedding photos"):
        with pytest.raises(QueryError, match="does not see"):
            parse(text)


# What each emoji shows, written from looking at it, not from its Unicode name (the code reads the
# name; no table of emoji is kept). None: it shows nothing a network labels, or a feeling, a
# gesture or a symbol rather than a thing in a photo.
EMOJI = [("🐶", "dog"), ("🐕", "dog"), ("🐱", "cat"), ("😾", "cat"), ("🐴", "horse"), ("🐮", "cow"), ("🐑", "sheep"),
         ("🐘", "elephant"), ("🦒", "giraffe"), ("🦓", "zebra"), ("🐻", "bear"), ("🦆", "bird"), ("🐟", "animal"),
         ("🧸", "teddy bear"), ("👶", "person"), ("👩", "person"), ("🏄", "surfboard"), ("🚗", "car"), ("🚕", "car"),
         ("🚌", "bus"), ("🚂", "train"), ("✈️", "airplane"), ("🚲", "bicycle"), ("🏍️", "motorcycle"), ("⛵", "boat"),
         ("🚢", "boat"), ("🚦", "traffic light"), ("🍕", "pizza"), ("🍔", "sandwich"), ("🌭", "hot dog"),
         ("🍩", "donut"), ("🎂", "cake"), ("🍌", "banana"), ("🥦", "broccoli"), ("🥕", "carrot"),
         ("🍷", "wine glass"), ("🍼", "bottle"), ("☕", "drink"), ("📺", "tv"), ("💻", "computer"),
         ("📱", "cell phone"), ("⏰", "clock"), ("📚", "book"), ("🪑", "chair"), ("🛋️", "sofa"), ("🛏️", "bed"),
         ("🚽", "toilet"), ("🛁", "bathtub"), ("🪴", "potted plant"), ("🌳", "tree"), ("🌴", "tree"),
         ("🌷", "flower"), ("🌸", "flower"), ("⛰️", "mountain"), ("🏔️", "mountain"), ("🌊", "sea"),
         ("🏖️", "beach"), ("⛺", "tent"), ("🏢", "building"), ("🌉", "bridge"), ("☂️", "umbrella"),
         ("⚽", "ball"), ("🪁", "kite"), ("🛹", "skateboard"), ("🎿", "skis"), ("✂️", "scissors"),
         ("🔥", None), ("🎈", None), ("😂", None), ("😍", None), ("👍", None), ("✋", None), ("👀", None),
         ("🤦", None), ("🤘", None), ("🌅", None), ("❤️", None), ("🇫🇷", None)]


@pytest.mark.parametrize("emoji, concept", EMOJI)
def test_an_emoji_is_the_thing_it_shows(emoji: str, concept: str | None) -> None:
    from segsearch.query.parser import parse_noting

    if concept is None:
        node, left_out = parse_noting(f"dogs {emoji}")
        assert node == Term("dog") and len(left_out) == 1 and left_out[0][0] == emoji[0]
    else:
        node, left_out = parse_noting(emoji)
        assert positive_classes(node) == positive_classes(parse(concept)) and left_out == [], emoji


def test_emoji_are_read_inside_queries_as_typed() -> None:
    from segsearch.query.parser import parse_noting, unseen_note

    assert parse("🐱 on the 🛋️") == parse("🐱on the🛋️") == parse("a cat on the sofa")
    assert parse("👩🏽‍🍳 in the kitchen") == parse("a person in the kitchen")  # skin tone, joined sequence
    assert parse("🐶🐱") == parse("dog and cat")
    assert "'🔥' (fire)" in unseen_note(parse_noting("🔥 dogs")[1])
    with pytest.raises(QueryError, match=r"'🔥' \(fire\)"):
        parse("🔥")
    with pytest.raises(QueryError, match="a thing to search for was expected"):
        parse("™ dogs")  # a typographic symbol is not an emoji


def test_with_and_without_shorthand() -> None:
    assert parse("photos w/ no people") == parse("photos with no people")
    assert parse("dogs w/o people") == parse("dogs without people")
    assert parse("cars w/ trucks") == And((Term("car"), Term("truck")))
    assert parse("dog/cat") == Or((Term("dog"), Term("cat")))  # a slash is still or


def test_one_or_the_other_but_not_both() -> None:
    either = And((Or((Term("dog"), Term("cat"))), Not(And((Term("dog"), Term("cat"))))))
    assert parse("dog or cat but not both") == parse("dogs or cats, not both") == either
    assert parse("(dogs or cats but not both) and grass") == And((either, Term("grass")))
    with pytest.raises(QueryError, match="'not both' needs two alternatives"):
        parse("dogs but not both")


@pytest.mark.parametrize("text, plain", [
    ("photos of me", "person"), ("me", "person"), ("me and my dog", "person and dog"),
    ("my dog and me", "dog and person"), ("us at the beach", "person on the beach"),
    ("pictures of us", "person"), ("show me dogs", "dog"), ("let me see dogs", "dog"),
    ("show us the beach", "beach"), ("can you show me photos of us at the beach", "person on the beach"),
])
def test_me_and_us_in_the_photo_are_people_and_asking_is_not(text: str, plain: str) -> None:
    assert parse(text) == parse(plain)


def test_where_in_the_photo_is_not_a_thing() -> None:
    from segsearch.query.parser import parse_noting

    for text, plain in [("a cat on top of a car", "cat and car"), ("a boat on the right", "boat"),
                        ("people in the background", "person"), ("top-down view of food", "food")]:
        assert parse_noting(text) == (parse(plain), []), text


def test_years_hashtags_and_plus_signs() -> None:
    from segsearch.query.parser import parse_noting, unseen_note

    assert parse("cat_on_sofa") == parse("cat on sofa") and parse("beach_dog") == parse("beach dog")  # as files are named

    node, left_out = parse_noting("dogs 2019")
    assert node == Term("dog") and left_out == ["2019"] and "--taken-after" in unseen_note(left_out)
    # a year before a thing is its photos' year: no network counts 2019 dogs in one photo
    assert parse_noting("2019 dogs") == (Term("dog"), ["2019"])
    assert parse_noting("3 dogs in 2019") == (Term("dog", ">=", 3), ["2019"])
    assert parse_noting("photos from 2019") == (EVERY_PHOTO, ["2019"])  # a date alone: every photo of then
    with pytest.raises(QueryError, match="unknown word 'xyzzy'"):
        parse("xyzzy photos from 2019")
    from segsearch.query.parser import query_dates

    years = {text: query_dates(text) for text in ("beach 2019", "dogs from 2019 to 2021", "2019 dogs", "beach")}
    assert years == {"beach 2019": (date(2019, 1, 1), date(2020, 1, 1)),
                     "dogs from 2019 to 2021": (date(2019, 1, 1), date(2022, 1, 1)),
                     "2019 dogs": (date(2019, 1, 1), date(2020, 1, 1)), "beach": None}
    # a year before what cannot be counted, or after a word that says when, is a date
    assert parse_noting("summer 2018 beach") == (parse("beach"), ["summer 2018"])
    assert parse_noting("a 2018 sunset sky") == (parse("sky"), ["2018", "sunset"])
    assert parse_noting("christmas 2018 tree") == (parse("tree"), ["christmas", "2018"])
    assert parse("#beach") == parse("beach") and parse("dog+cat") == parse("dog and cat")


@pytest.mark.parametrize("text, days", [
    ("cats today", (date(2026, 3, 4), date(2026, 3, 5))),
    ("the dog yesterday", (date(2026, 3, 3), date(2026, 3, 4))),
    ("beach this week", (date(2026, 3, 2), date(2026, 3, 5))),  # Wednesday 4 March: from Monday
    ("beach last week", (date(2026, 2, 23), date(2026, 3, 2))),
    ("snow this month", (date(2026, 3, 1), date(2026, 3, 5))),
    ("snow last month", (date(2026, 2, 1), date(2026, 3, 1))),
    ("photos of my cat from this year", (date(2026, 1, 1), date(2026, 3, 5))),
    ("dogs last year", (date(2025, 1, 1), date(2026, 1, 1))),
    ("dogs from 2019 to last year", (date(2019, 1, 1), date(2026, 1, 1))),
    # months and seasons (the northern hemisphere's) with a year, or the latest over ("last") or begun ("this")
    ("beach june 2019", (date(2019, 6, 1), date(2019, 7, 1))),
    ("summer 2018 beach", (date(2018, 6, 1), date(2018, 9, 1))),
    ("dogs in the summer of 2019", (date(2019, 6, 1), date(2019, 9, 1))),
    ("snow in winter 2019", (date(2018, 12, 1), date(2019, 3, 1))),  # the winter of January 2019
    ("dogs from may 2020 to june 2021", (date(2020, 5, 1), date(2021, 7, 1))),
    ("the beach last summer", (date(2025, 6, 1), date(2025, 9, 1))),
    ("snow last winter", (date(2025, 12, 1), date(2026, 3, 1))),  # over on 1 March
    ("cats last march", (date(2025, 3, 1), date(2025, 4, 1))),  # this March is not over
    ("cats last december", (date(2025, 12, 1), date(2026, 1, 1))),
    ("photos from this spring", (date(2026, 3, 1), date(2026, 6, 1))),  # begun
    ("this summer", (date(2025, 6, 1), date(2025, 9, 1))),  # not begun: the latest begun
    # decades, after "the" or an apostrophe; weekends as weeks are counted
    ("photos from the 90s", (date(1990, 1, 1), date(2000, 1, 1))),
    ("cars from the 1960s", (date(1960, 1, 1), date(1970, 1, 1))),
    ("the eighties", (date(1980, 1, 1), date(1990, 1, 1))),
    ("beach in the '70s", (date(1970, 1, 1), date(1980, 1, 1))),
    ("the dog last weekend", (date(2026, 2, 28), date(2026, 3, 2))),
])
def test_days_said_in_words_count_back_from_today(text: str, days: tuple[date, date],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """"cats last year" is cats, taken last year: the phrase narrows the date filters, is named in
    the note as a date, and alone (like a year alone) asks for every photo of then (seasons of the
    northern hemisphere here, whatever this machine's time zone)."""
    from segsearch.query.parser import parse_noting, query_dates, unseen_note

    monkeypatch.setenv("SEGSEARCH_HEMISPHERE", "north")
    assert query_dates(text, today=date(2026, 3, 4)) == days
    node, left_out = parse_noting(text)
    when = [w for w in left_out if w not in ("photos", "my")]
    assert "as when the photos were taken" in unseen_note(when) and "does not know" not in unseen_note(left_out)
    assert parse(text.split(" ", 1)[1] if text.startswith("cats ") else "last year") == EVERY_PHOTO


def test_seasons_are_the_southern_hemispheres_where_the_machine_is_there(monkeypatch: pytest.MonkeyPatch) -> None:
    """A southern summer begins in December: "last summer" in March is the summer just over, and a
    year's summer is the one its January belongs to; the hemisphere is $SEGSEARCH_HEMISPHERE, else
    the time zone's (temperate southern zones only); months do not move."""
    from segsearch.query import parser
    from segsearch.query.parser import hemisphere, query_dates

    monkeypatch.setenv("SEGSEARCH_HEMISPHERE", "south")
    today = date(2026, 3, 4)
    assert query_dates("the beach last summer", today=today) == (date(2025, 12, 1), date(2026, 3, 1))
    assert query_dates("snow in winter 2019", today=today) == (date(2019, 6, 1), date(2019, 9, 1))
    assert query_dates("summer 2019", today=today) == (date(2018, 12, 1), date(2019, 3, 1))
    assert query_dates("june 2019", today=today) == (date(2019, 6, 1), date(2019, 7, 1))
    monkeypatch.delenv("SEGSEARCH_HEMISPHERE")
    for zone, side in (("Australia/Sydney", "south"), ("Pacific/Auckland", "south"), ("America/Sao_Paulo", "south"),
                       ("America/Argentina/Buenos_Aires", "south"), ("Africa/Johannesburg", "south"),
                       ("Europe/London", "north"), ("America/New_York", "north"), ("Asia/Singapore", "north"),
                       ("Etc/UTC", "north"), ("", "north")):
        monkeypatch.setattr(parser, "_local_zone", lambda zone=zone: zone)
        assert hemisphere() == side, zone


def test_a_month_or_season_without_a_year_is_left_out_and_says_how_to_date_it() -> None:
    """"dogs in june" is dogs of every June, which the date filters (one span of days) cannot
    hold: the month is left out and the note says how it would be a date; "may" is a month, not an
    unknown word. A day of a month without a year ("dogs on december 25", "the 4th of july") is
    every year's, likewise, and its number counts nothing."""
    from segsearch.query.parser import parse_noting, query_dates, unseen_note

    for text, word in (("dogs in june", "june"), ("beach in summer", "summer"), ("cats in may", "may"),
                       ("dogs on december 25", "december 25"), ("a beach on the 4th of july", "4th of july"),
                       ("cats on 1 may", "1 may"), ("snow on jan 1st", "jan 1st")):
        node, left_out = parse_noting(text)
        assert left_out == [word] and query_dates(text) is None, text
        assert node == parse(text.split(" o")[0].split(" i")[0])
        assert unseen_note(left_out) == (f"segsearch reads '{word}' as when the photos were taken only with a "
                                         "year or after 'last' or 'this' (\"june 2019\", \"july 4 2019\", "
                                         "\"last summer\")")
    assert parse("cats in may") == parse("cats")


@pytest.mark.parametrize("text, day, searched", [
    ("dogs on july 4 2019", date(2019, 7, 4), "dogs"), ("dogs on july 4th, 2019", date(2019, 7, 4), "dogs"),
    ("the beach on 4 july 2019", date(2019, 7, 4), "beach"),
    ("people on the 4th of july 2019", date(2019, 7, 4), "people"),
    ("3 cats on may 5 2020", date(2020, 5, 5), "3 cats"), ("4 july 2019 beach", date(2019, 7, 4), "beach"),
    ("snow on feb 29 2020", date(2020, 2, 29), "snow"), ("a tree on december 25th 2021", date(2021, 12, 25), "a tree"),
])
def test_a_day_of_a_month_with_its_year_keeps_that_day(text: str, day: date, searched: str) -> None:
    """A day said with its year is one day of the date filters, whichever order it is said in;
    its numbers are no counts ("4 july 2019 beach" is not 4 beaches), and a count before it
    still counts ("3 cats on may 5 2020")."""
    from segsearch.query.parser import query_dates

    assert query_dates(text) == (day, day + timedelta(days=1))
    assert parse(text) == parse(searched)


@pytest.mark.parametrize("text, first, after, searched", [
    ("dogs on 2019-07-04", date(2019, 7, 4), date(2019, 7, 5), "dogs"),
    ("beach 2019/07/04", date(2019, 7, 4), date(2019, 7, 5), "beach"),
    ("3 cats on 2020.05.05", date(2020, 5, 5), date(2020, 5, 6), "3 cats"),
    ("photos from 2019-07", date(2019, 7, 1), date(2019, 8, 1), "photos"),
    ("cats 10/2019", date(2019, 10, 1), date(2019, 11, 1), "cats"),
    ("dogs on 25/12/2019", date(2019, 12, 25), date(2019, 12, 26), "dogs"),  # only one order is a date
    ("dogs on 12/25/2019", date(2019, 12, 25), date(2019, 12, 26), "dogs"),
    ("dogs on 5/5/2019", date(2019, 5, 5), date(2019, 5, 6), "dogs"),
    ("beach 2019-07-04 to 2019-07-10", date(2019, 7, 4), date(2019, 7, 11), "beach"),
    ("photos taken up to 1989-12-31", date(1800, 1, 1), date(1990, 1, 1), "photos"),
])
def test_a_date_written_in_numbers_is_that_day(text: str, first: date, after: date, searched: str) -> None:
    """ISO's year-month-day (with -, / or .), a year and month, and a day and month before a year
    where only one order makes a date: the days of the date filters, no counts."""
    from segsearch.query.parser import query_dates

    assert query_dates(text) == (first, after)
    assert parse(text) == parse(searched)


def test_a_date_in_numbers_that_is_no_date_or_either_of_two_is_one_clear_line() -> None:
    with pytest.raises(QueryError, match=r"'7/4/2019' could be 7 april or 4 july 2019: write 2019-04-07 or 2019-07-04"):
        parse("dogs 7/4/2019")
    with pytest.raises(QueryError, match="'2019-13-45' is no day of the calendar"):
        parse("dogs 2019-13-45")


def test_a_superlative_is_a_ranking_no_count_says_named_as_left_out() -> None:
    """"the photo with the most people" searches the people and names "most" as not looked for
    (it was "a class name was expected, got 'most'"); "at most" and "at least" still count."""
    from segsearch.query.parser import parse_noting

    from segsearch.query.parser import unseen_note

    assert parse_noting("the photo with the most people") == (Term("person"), ["most"])
    assert unseen_note(["most"]).startswith("segsearch does not see 'most'")  # a word known, not an unknown one
    assert parse_noting("the least crowded beach") == (parse("beach"), ["least", "crowded"])
    assert parse("at most 3 dogs") == Term("dog", "<=", 3) and parse("at least 2 cats") == Term("cat", ">=", 2)
    # "most of" the photo is a share of it; of things, the things (it was "a thing to search for
    # was expected, got 'most'")
    assert parse("most of the photo is sky") == parse("mostly sky") == parse("photos where most of the frame is sky")
    assert parse_noting("most of the dogs") == (Term("dog"), [])


def test_the_most_or_fewest_of_a_thing_searched_for_orders_the_photos_by_its_count() -> None:
    """A ranking word before a thing the query searches for (colours between) orders its photos by
    how many of it they show; before "crowded", by people, searched for or not. "at most", stuff
    and a thing not searched for order nothing, and a date order said beside it wins."""
    from segsearch.query.parser import CountOrder, count_order, photo_order, unseen_note

    for text, order in (("the photo with the most people", CountOrder("most", "person")),
                        ("which photo has the most birds", CountOrder("most", "bird")),
                        ("the most red cars", CountOrder("most", "car")),
                        ("the picture with the most cars on the road", CountOrder("most", "car")),
                        ("the fewest dogs", CountOrder("fewest", "dog")),
                        ("the least people", CountOrder("least", "person")),
                        ("the most crowded beach", CountOrder("most", "person")),
                        ("the least crowded street", CountOrder("least", "person")),
                        ("the most people and dogs", CountOrder("most", "person")),
                        ("the largest group of people", CountOrder("largest", "person")),
                        ("the biggest crowd on the beach", CountOrder("biggest", "person")),
                        ("the smallest group", CountOrder("smallest", "person"))):
        assert count_order(text) == order and photo_order(text) == order, text
    assert CountOrder("least", "person").said() == "fewest people first" and not CountOrder("least", "dog").most
    for text in ("at most 3 dogs", "the most sky", "people", "the biggest dog", "most of the dogs", "a crowded street",
                 "the largest 3 dogs"):
        assert count_order(text) is None, text
    assert not CountOrder("smallest", "person").most and CountOrder("largest", "person").most
    # "the largest group of people" read "largest" as a name of 3 ("route 66") and left out the count
    assert parse("the largest group of people") == Term("person", ">=", 3)
    assert photo_order("the most people, newest first") == "newest"
    assert unseen_note(["most", "crowded"], CountOrder("most", "person")) == \
        "segsearch takes 'most', 'crowded' as the order of the photos, most people first"


def test_an_open_bound_is_closed_by_a_date_said_with_it() -> None:
    """"from 2018 until 2020" is 2018 to 2020, not every day up to 2020; said alone, "until" and
    "since" stay open."""
    from segsearch.query.parser import query_dates

    today = date(2026, 11, 27)
    for text, span in (("dogs from 2018 until 2020", (date(2018, 1, 1), date(2021, 1, 1))),
                       ("dogs from july 1 2019 until august 1 2019", (date(2019, 7, 1), date(2019, 8, 2))),
                       ("dogs since 2018 until 2020", (date(2018, 1, 1), date(2021, 1, 1))),
                       ("dogs after june 2019 and before 2020", (date(2019, 7, 1), date(2020, 1, 1))),
                       ("dogs until 2020", (date(1800, 1, 1), date(2021, 1, 1))),
                       ("dogs since 2018", (date(2018, 1, 1), today + timedelta(days=1))),
                       ("dogs in 2018 and 2020", (date(2018, 1, 1), date(2021, 1, 1)))):
        assert query_dates(text, today) == span, text


@pytest.mark.parametrize("text, said", [("dogs on february 30 2019", "february 30 2019"),
                                        ("february 29 2019 beach", "february 29 2019"), ("cats on june 31", "june 31")])
def test_a_day_the_calendar_lacks_is_one_clear_line(text: str, said: str) -> None:
    with pytest.raises(QueryError, match=f"'{said}' is no day of the calendar"):
        parse(text)


def test_a_number_after_a_word_names_it_rather_than_counting() -> None:
    """A number that follows a word ("route 66", "bus 42", "iphone 12", "boeing 747", "gate 42")
    is part of a name, which no network reads: left out and named, not "'66' counts nothing" and
    not 66 signs. A number still counts after grammar words ("at least 3 dogs", "the 3 dogs",
    "around 5 people"), after an action or a look before a thing ("holding 2 cats", "big 3
    dogs"), and before a thing after a vocabulary word ("beach 3 people"); after a plural it
    counts nothing ("dogs 3"); a year stays a date ("cars 2019")."""
    from segsearch.query.parser import parse_noting, unseen_note

    for text, searched, left_out in (
            ("cars on route 66", "cars on a road", ["66"]), ("route 66 sign", "a road and a sign", ["66"]),
            ("route 66", "a road", ["66"]),
            ("the number 7 bus", "a bus", ["number", "7"]), ("bus 42", "a bus", ["42"]),
            ("iphone 12", "a phone", ["12"]), ("a boeing 747", "an airplane", ["747"]),
            ("gate 42 at the airport", "gate at the airport", ["42"]), ("tesla model 3", "a car", ["model", "3"]),
            ("holding 2 cats", "2 cats", []), ("big 3 dogs", "3 dogs", ["big"]), ("the 3 dogs", "3 dogs", []),
            ("beach 3 people", "beach and 3 people", []), ("around 5 people", "5 people", []),
            ("cars 2019", "cars", ["2019"])):
        assert parse_noting(text) == (parse(searched), left_out), text
    assert "does not see '66'" in unseen_note(["66"]) and "does not see '3 bedroom'" in unseen_note(["3 bedroom"])
    with pytest.raises(QueryError, match="'3' counts nothing"):
        parse("dogs 3")


def test_a_number_with_a_noun_said_once_measures_the_noun_after_it() -> None:
    """"a 3 bedroom house" is a house (of three bedrooms), not three bedrooms: a number with a noun
    said once before another is a measure, as if hyphenated ("3-bedroom"), named as typed; a count
    takes a plural,
    describing words between ("3 tabby cats", "2 german shepherds", "3 big dogs")."""
    from segsearch.query.parser import parse_noting

    for text, searched, left_out in (
            ("a 3 bedroom house", "a house", ["3 bedroom"]), ("a 4 person tent", "a tent", ["4 person"]),
            ("a 2 door car", "a car", ["2 door"]), ("a 2 tier cake", "a cake", ["2 tier"]),
            ("24 hour diner", "a restaurant", ["24 hour"]), ("a 3-bedroom house", "a house", ["3-bedroom"]),
            ("3 tabby cats", "3 cats", []), ("2 german shepherds", "2 dogs", []), ("3 big dogs", "3 dogs", ["big"]),
            ("2 dog and a cat", "2 dogs and a cat", []), ("3 cat photos", "cats", ["3"]),
            ("2 sheep in a field", "2 sheep in a field", [])):
        assert parse_noting(text) == (parse(searched), left_out), text


def test_order_words_ask_for_photos_by_date() -> None:
    """"recent photos", "my oldest pictures": no object, but an order of every photo (with dates or
    looks too); before a word for photos they order what a query finds ("recent photos of my dog");
    elsewhere beside things ("old cars") an order word is a look, left out and named as one."""
    from segsearch.query.parser import date_order, parse_noting, unseen_note

    for text, order in (("recent photos", "newest"), ("the latest pictures", "newest"), ("newest photos", "newest"),
                        ("old photos", "oldest"), ("my oldest pictures", "oldest"), ("earliest photos", "oldest"),
                        ("old black and white photos", "oldest"), ("photos from 2019", "newest")):
        assert parse(text) == EVERY_PHOTO and date_order(text) == order, text
    assert date_order("old cars") is None and parse_noting("old cars") == (Term("car"), ["old"])
    assert unseen_note(["old"], "oldest") == "segsearch takes 'old' as the order of the photos, oldest first"
    assert "does not see 'old'" in unseen_note(["old"])
    # before a word for photos, or "first", an order word orders what the query finds
    for text, order in (("recent photos of my dog", "newest"), ("the most recent pictures of the kids", "newest"),
                        ("old photos of grandma", "oldest"), ("dogs, newest first", "newest"),
                        ("cats oldest first", "oldest")):
        assert date_order(text) == order and parse(text) != EVERY_PHOTO, text
    for text in ("photos of old cars", "an old man", "a new car", "first photos of my baby"):
        assert date_order(text) is None, text
    assert unseen_note(["newest", "first"], "newest") == \
        "segsearch takes 'newest', 'first' as the order of the photos, newest first"
    # between the order word and the photos, looks; a selfie is a photo
    assert date_order("old black and white photos of people") == "oldest" and date_order("latest selfies") == "newest"
    # with other left-out words an order word alone is no search ("new" is not an order here)
    with pytest.raises(QueryError, match="does not see 'new', 'year', 'eve', 'fireworks'"):
        parse("new year's eve fireworks")


@pytest.mark.parametrize("text, said", [
    ("at least 3", "'3' counts nothing"), ("dogs and 3", "'3' counts nothing"),
    ("photos from 3000", "'3000' is no year segsearch reads (1800 to 2099), and as a count it counts nothing"),
])
def test_a_count_of_nothing_says_so(text: str, said: str) -> None:
    """A number with nothing after it to count was "a class name was expected"; a four-digit one
    is most likely a year out of range."""
    with pytest.raises(QueryError, match=re.escape(said + ': name what to count, e.g. "3 dogs"')):
        parse(text)


def test_an_age_in_decades_is_a_look_not_a_date() -> None:
    """"a man in his 30s", "a woman in her fifties": how old, which no network sees (they were a
    syntax error and, in words, would have been the 1950s); after "the" they are decades."""
    from segsearch.query.parser import parse_noting, query_dates

    for text, age in (("a man in his 30s", "30s"), ("people in their 20s", "20s"),
                      ("a woman in her fifties", "fifties")):
        assert parse_noting(text) == (Term("person"), [age]) and query_dates(text) is None, text


def test_a_body_part_said_after_a_person_is_that_person() -> None:
    """"a man with a beard" is one person (it was two: the beard counted as a second person named
    apart); people named apart still add up."""
    assert parse("a man with a beard") == Term("person")
    assert parse("a woman with long hair and a hat") == parse("a woman with a hat")
    assert parse("a man and a woman") == Term("person", ">=", 2)
    assert parse("a man with his son") == Term("person", ">=", 2)


def test_asking_for_a_thing_and_for_none_of_it_is_said_not_answered() -> None:
    """"dogs except puppies" was dog AND NOT dog, an empty answer with no word of why."""
    for text in ("dogs except puppies on a sofa", "dogs but not puppies", "kittens but no cats", "dog -puppy"):
        with pytest.raises(QueryError, match="asks for a (dog|cat) and for no (dog|cat) at once"):
            parse(text)
    assert parse("dogs but not 3 dogs") == And((Term("dog"), Not(Term("dog", ">=", 3))))  # fewer than three
    assert parse("dog or cat or both") == Or((Term("dog"), Term("cat")))
    assert parse("more than a dozen people") == Term("person", ">", 12)
    assert parse("just me") == Term("person")


def test_compounds_typed_in_two_words_are_the_one_word() -> None:
    """"tooth brush" was "no network labels 'tooth'"; "zebra crossing" was a zebra."""
    from segsearch.query.parser import parse_noting

    assert parse("tooth brush") == Term("toothbrush") and parse("a lap top on a desk") == parse("laptop and desk")
    assert parse("a surf board") == Term("surfboard") and parse("hot dog") == Term("hot dog")
    assert parse_noting("a man in sun glasses") == (Term("person"), ["sunglasses"])
    assert parse("zebra crossing") == Term("road") and parse("zebras crossing the road") == parse("zebra and road")
    assert parse("parking metre") == Term("parking meter")
    # a word beside a little word of the grammar stays itself: a cab in the city is no cabin
    assert parse("a cab in the city") == parse("a car and a city") and parse("a car in the city") == parse("car and city")


def test_snow_beside_other_things_is_left_out_and_named() -> None:
    """Snow is searched through skis and snowboards, which answers "snow" alone; "a dog in the
    snow" asked for a dog with skis or a snowboard and found next to nothing."""
    from segsearch.query.parser import parse_noting, unseen_note

    assert parse("snow") == Or((Term("skis"), Term("snowboard")))
    assert parse_noting("a dog in the snow") == (Term("dog"), ["snow"])
    assert parse_noting("kids playing in deep snow") == (Term("person"), ["deep", "snow"])
    assert "does not see 'snow'" in unseen_note(["snow"])
    assert parse("people on a ski slope") == And((Term("person"), parse("snow")))  # the slope is the skis' place
    assert parse("snow and no people") == And((parse("snow"), Not(Term("person"))))  # nothing else asked for
    assert parse("snow or beach") == Or((parse("snow"), parse("beach")))


def test_a_thing_whose_word_is_also_an_action_is_the_action_before_what_it_acts_on() -> None:
    """"kids building a sandcastle" asked for kids and a building."""
    from segsearch.query.parser import parse_noting

    assert parse_noting("kids building a sandcastle") == (Term("person"), ["building", "sandcastle"])
    assert parse("a man painting a fence") == parse("a man and a fence")
    assert parse("a tall building") == Term("building") and parse("a painting of a horse") == parse("painting and horse")
    assert parse("people in front of the building") == parse("people and building")


def test_food_and_drink_as_served() -> None:
    """"a glass of orange juice" asked for the fruit; "a water bottle" for water beside a bottle."""
    assert parse("a glass of orange juice") == Term("glass") and parse("a water bottle") == Term("bottle")
    assert parse("a loaf of bread") == Term("food") and parse("a piece of cake") == Term("cake")
    assert parse("a milkshake") == parse("a smoothie")


def test_instruments_no_network_labels_are_named_as_such() -> None:
    with pytest.raises(QueryError, match="no network of segsearch labels 'piano'"):
        parse("a piano")
    assert parse("a man playing guitar") == Term("person")


def test_time_words_beyond_the_date_filters_are_left_out_by_name_not_taken_for_typos() -> None:
    """"last christmas" once answered "unknown word 'last'; did you mean 'laps'?"."""
    from segsearch.query.parser import parse_noting

    for text in ("dog pics from last christmas", "cats from years ago", "my recent photos of the beach",
                 "the latest pictures of the dog", "dogs from last summer"):
        node, left_out = parse_noting(text)
        assert left_out and not any("did you mean" in w for w in left_out), text
    with pytest.raises(QueryError, match="does not see 'last', 'christmas'"):
        parse("last christmas")
    assert parse_noting("me last year") == (Term("person"), ["last year"])  # "me" in the photo, then


@pytest.mark.parametrize("text, expected", [
    ("a group of dogs", Term("dog", ">=", 3)), ("a family of ducks", Term("bird", ">=", 3)),
    ("an elephant family", Term("elephant", ">=", 3)), ("a family of four", Term("person", ">=", 4)),
    ("a crowd of people", Term("person", ">=", 6)), ("a group of friends", Term("person", ">=", 3)),
    ("a family with a dog", And((Term("person", ">=", 3), Term("dog")))),  # the family is people here
])
def test_a_group_of_something_is_a_count_of_it_not_people_beside_it(text: str, expected: Node) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("> 2 people", Term("person", ">", 2)), (">=3 dogs", Term("dog", ">=", 3)),
    ("at least a dog", Term("dog")), ("half a dozen birds", Term("bird", ">=", 6)),
    ("between 2 and 5 people", And((Term("person", ">=", 2), Term("person", "<=", 5)))),
    ("a man and a woman", Term("person", ">=", 2)), ("two men and a woman", Term("person", ">=", 3)),
    ("a mother with her baby", Term("person", ">=", 2)),
    ("a baby girl", Term("person")), ("a tabby cat", Term("cat")),  # one thing, named twice
    ("toast and jam", Term("food")),  # only people add up
    # people said with a group or crowd are among its people: the larger count
    ("group photos with at least 10 people", Term("person", ">=", 10)), ("a family with 2 kids", Term("person", ">=", 3)),
    ("a crowd with 3 kids", Term("person", ">=", 6)), ("a couple with a baby", Term("person", ">=", 3)),
])
def test_more_ways_to_say_a_count(text: str, expected: Node) -> None:
    assert parse(text) == expected


def test_a_negated_word_no_network_sees_is_one_clear_error() -> None:
    """The photos would be the ones asked to be without it, so it is never left out."""
    with pytest.raises(QueryError, match="does not see 'wooden'.*cannot tell which photos lack 'wooden'"):
        parse("cars that are not wooden")
    with pytest.raises(QueryError, match="no network of segsearch labels 'leashes'"):
        parse("dogs without leashes")


def test_british_words() -> None:
    assert parse("a lorry on the motorway") == And((Term("truck"), Term("road")))
    assert parse("a jumper on the chair") == And((Term("apparel"), Term("chair")))
    assert parse("a pint of beer") == Term("glass") and parse("the telly") == Term("tv")


def test_the_photo_itself_and_plural_describing_words() -> None:
    from segsearch.query.parser import parse_noting

    assert parse_noting("the one with the red umbrella") == (Term("umbrella", colour="red"), [])
    assert parse_noting("a street with shops") == (parse("a street"), ["shops"])  # plurals of left-out words
    assert parse_noting("a horse pulling a cart") == (Term("horse"), ["pulling", "cart"])  # not a car


@pytest.mark.parametrize("text, typed, meant", [
    ("traffic lite", "traffic lite", "traffic light"), ("a teddy bare", "teddy bare", "teddy bear"),
    ("hot dgo", "hot dgo", "hot dog"), ("stop sighn", "stop sighn", "stop sign"),
    ("a dgo on the grass", "dgo", "dog"), ("a cat and dgo", "dgo", "dog"),
])
def test_did_you_mean_offers_the_phrase_a_typo_belongs_to(text: str, typed: str, meant: str) -> None:
    with pytest.raises(QueryError, match=f"did you mean '{meant}'") as refused:
        parse(text)
    assert (refused.value.typed, refused.value.meant) == (typed, meant)


@pytest.mark.parametrize("text, searched, left_out", [
    ("a wand on a rock", "rock", ["wand"]), ("a coat on a hook", "a coat", ["hook"]),
    ("a fort on a hill", "a hill", ["fort"]), ("a rim on a cliff", "a cliff", ["rim"]),
    ("a chicken coop", "a chicken", ["coop"]),  # not a mistyped chicken soup: a coop is no network's label
    ("a firm truck", "a truck", ["firm"]),  # before a vocabulary word it describes it: no mistyped fire truck
])
def test_a_word_of_its_own_is_not_taken_for_a_slip(text: str, searched: str, left_out: list[str]) -> None:
    """Each left-out word is one slip from a vocabulary word (band, book, foot, ram) and was
    refused as its typo; English word counts say it is far likelier meant as typed, so it is left
    out and named like any word no network labels."""
    from segsearch.query.parser import parse_noting

    assert parse_noting(text) == (parse(searched), left_out)


@pytest.mark.parametrize("text, word", [("photos with text", "text"), ("bricks", "bricks"), ("outer space", "outer"),
                                        ("a pane in the country", "pane")])
def test_a_word_of_its_own_alone_is_refused_without_a_wrong_guess(text: str, word: str) -> None:
    """Nothing left to search: one line, but no "did you mean 'tent'?" (brides, otter, plane)."""
    with pytest.raises(QueryError, match=f"unknown word '{word}'") as refused:
        parse(text)
    assert "did you mean" not in str(refused.value) and refused.value.meant is None


@pytest.mark.parametrize("text, word", [("colour", "colour"), ("tyres", "tyres"), ("a cheque", "cheque"),
                                        ("a theatre", "theatre"), ("a neighbourhood", "neighbourhood")])
def test_a_british_spelling_is_a_word_not_a_slip(text: str, word: str) -> None:
    """English word counts are mostly American ("colour" is counted 0 times): a British spelling
    counts as its American form (`vocabulary.american_forms`), so it is never offered a vocabulary
    word it is not (colour: cloud, tyres: trees, cheque: cheese); a colour word, tyres (tires) are
    named as what they are."""
    with pytest.raises(QueryError) as refused:
        parse(text)
    assert f"'{word}'" in str(refused.value) and "did you mean" not in str(refused.value)
    assert refused.value.meant is None


def test_british_and_american_spellings_of_one_thing_search_alike() -> None:
    for british, american in (("a racoon", "a raccoon"), ("a pot of yoghurt", "a pot of yogurt"),
                              ("a pyjama party", "pyjamas"), ("a goldfish", "a fish"), ("tyres", "tires")):
        try:
            assert parse(british) == parse(american), british
        except QueryError as refused:  # named as nothing a network labels, both
            with pytest.raises(QueryError, match="no network of segsearch labels"):
                parse(american)
            assert "no network of segsearch labels" in str(refused)


@pytest.mark.parametrize("text, typed, meant", [
    ("a dgo in the park", "dgo", "dog"), ("a catt on the sofa", "catt", "cat"), ("a tabel with food", "tabel", "table"),
    ("a chiar by the window", "chiar", "chair"), ("peopel on the beach", "peopel", "people"),
])
def test_slips_are_still_offered_their_word(text: str, typed: str, meant: str) -> None:
    with pytest.raises(QueryError, match=f"did you mean '{meant}'") as refused:
        parse(text)
    assert (refused.value.typed, refused.value.meant) == (typed, meant)


def test_colour_words_of_a_coat_ask_for_the_colours_fur_of_that_name_has() -> None:
    """A ginger, orange or red coat is mostly named brown by the pixels (dull, shaded), a golden or
    yellow one brown or orange: of an animal such a colour asks for any of them; of other things a
    colour is itself."""
    fur = lambda name, *cs: Or(tuple(Term(name, colour=c) for c in cs))  # noqa: E731
    assert parse("an orange cat") == parse("a ginger cat") == fur("cat", "orange", "brown")
    assert parse("a red fox") == fur("animal", "red", "orange", "brown")
    assert parse("a yellow lab") == fur("dog", "yellow", "orange", "brown") and parse("a black lab") == Term("dog", colour="black")
    assert parse("a cat that is orange") == fur("cat", "orange", "brown")
    assert parse("cats that are not ginger") == And((Term("cat"), Not(fur("cat", "orange", "brown"))))
    assert parse("a red car") == Term("car", colour="red") and parse("a ginger vase") == Term("vase", colour="orange")
    assert parse("a black and orange car") == And((Term("car", colour="black"), Term("car", colour="orange")))
    assert parse("a chocolate lab") == Term("dog") and parse("a red panda") == Term("animal")
    assert parse("a beige car") == Term("car", colour="brown") and parse("a cream sofa") == Term("sofa", colour="white")
    assert parse("a copper pot") == Term("pot", colour="orange")
    # all of several colours: each coat colour as widely ("a white and ginger cat")
    assert parse("a white and ginger cat") == And((Term("cat", colour="white"), fur("cat", "orange", "brown")))
    assert parse("a red setter") == fur("dog", "red", "orange", "brown") and parse("a tuxedo cat") == Term("cat")
    # of a person such a word is their hair, which no network segments: left out and named
    from segsearch.query.parser import parse_noting, unseen_note

    assert parse_noting("a blonde woman") == (Term("person"), ["blonde"])
    assert parse_noting("a ginger boy with a dog") == (parse("a boy with a dog"), ["ginger"])
    assert parse("a blonde dog") == fur("dog", "yellow", "orange", "brown")
    with pytest.raises(QueryError, match=r"does not see the colour of hair, eyes or skin \('blonde'\)"):
        parse("blonde")
    # so is any colour said of a part of someone: not the person's (their clothes') colour
    assert parse_noting("a man with red hair") == (Term("person"), ["red hair"])
    assert parse_noting("a girl with blue eyes") == (Term("person"), ["blue eyes"])
    assert parse_noting("a woman with long brown hair")[0] == Term("person")
    assert parse("a man with grey hair and a blue shirt") == parse("a man with a blue shirt")
    assert parse("a black cat with green eyes") == Term("cat", colour="black")  # an animal's eyes: not someone's
    # so are they of an animal whose coat colour asks for several colours ("an orange cat": orange or brown)
    assert parse_noting("an orange cat with green eyes") == (parse("an orange cat"), ["green", "eyes"])
    assert unseen_note(["green", "eyes"]) == "segsearch does not see the colour of hair, eyes or skin ('green', 'eyes')"
    assert parse("a white and ginger cat with a pink face") == parse("a white and ginger cat")
    for query, said in (("a blonde woman", "'blonde'"), ("a red-haired girl", "'red', 'haired'"),
                        ("a woman with blonde hair", "'blonde hair'")):
        assert unseen_note(parse_noting(query)[1]) == \
            f"segsearch does not see the colour of hair, eyes or skin ({said})"


def test_a_lone_thing_is_one_of_it() -> None:
    """"a lone wolf", "a single red rose": exactly one; not of stuff or a scene ("a single tree"
    leaves "single" out: trees are stuff, counted by no network)."""
    from segsearch.query.parser import parse_noting

    assert parse("a lone wolf") == Term("animal", "=", 1) and parse("a single bed") == Term("bed", "=", 1)
    assert parse("a single red rose") == Term("flower", "=", 1, colour="red")
    assert parse("a solitary boat on a lake") == And((Term("boat", "=", 1), Term("lake")))
    assert parse_noting("a single tree") == (Term("tree"), ["single"])


def test_colours_said_after_their_object_may_be_several() -> None:
    """"cats that are orange or white" left white out."""
    assert parse("cars that are red or blue") == Or((Term("car", colour="red"), Term("car", colour="blue")))
    assert parse("cars that are red, white and blue") == parse("a red, white and blue car")
    assert parse("cars that are not red or blue") == And((Term("car"), Not(parse("a red or blue car"))))
    assert parse("cats that are orange or white") == parse("an orange or white cat")
    assert parse("a car that is red or a bus") == Or((Term("car", colour="red"), Term("bus")))
    # every reader of a colour list reads the same lists: ", and" and "&" too
    assert parse("cars that are red, white, and blue") == parse("cars that are red & white and blue") \
        == parse("a red, white, and blue car")
    assert parse("something red, white, and blue") == parse("something red, white and blue")
    assert parse("a woman in red, white, and blue") == parse("a woman in red, white and blue")


@pytest.mark.parametrize("colour", ["navy", "beige", "copper", "maroon", "tan", "red"])
def test_every_colour_word_before_a_thing_no_network_labels_names_that_thing(colour: str) -> None:
    """"a navy kettle" said the colour needs an object; "a red kettle" said no network labels kettle."""
    with pytest.raises(QueryError, match="no network of segsearch labels 'kettle'"):
        parse(f"a {colour} kettle")


@pytest.mark.parametrize("place, plain", [
    ("a vineyard", "field"), ("an orchard", "tree"), ("a canyon", "rock"), ("a swamp", "water"),
    ("a boulevard", "street"), ("a balcony", "building"), ("a porch", "house"), ("a golf course", "grass"),
    ("a monument", "sculpture"), ("the coastline", "beach"),
])
def test_places_are_what_a_network_sees_of_them(place: str, plain: str) -> None:
    """Scene words of trips and homes that were refused (orchard as a typo of orchid, porch of
    peach, patio of potato) answer with the labels that show them."""
    assert parse(place) == parse(plain)


@pytest.mark.parametrize("text, expected, left_out", [
    ("mostly sky", Term("sky", ">=", 1, ">=", 0.5), []),
    ("a photo mostly of grass", Term("grass", ">=", 1, ">=", 0.5), []),
    ("a close-up of a cat", Term("cat", ">=", 1, ">=", 0.2), []),
    ("close up of flowers", Term("flower", ">=", 1, ">=", 0.2), []),
    ("macro shot of a flower", Term("flower", ">=", 1, ">=", 0.2), []),
    ("close-up of a cat > 50%", Term("cat", ">=", 1, ">", 0.5), []),  # a bound given wins
    ("dogs mostly", Term("dog"), ["mostly"]),  # nothing after it to fill the photo
    ("close to the sea", Term("sea"), ["close"]),
])
def test_how_much_of_the_photo_a_thing_fills(text: str, expected: Node, left_out: list[str]) -> None:
    """A close-up fills at least a fifth of the photo, as a portrait's person does; "mostly" half."""
    from segsearch.query.parser import parse_noting

    assert parse_noting(text) == (expected, left_out)


def test_a_scene_has_no_share_of_the_photo_and_says_so() -> None:
    from segsearch.query.parser import parse_noting

    assert parse_noting("mostly beach") == (parse("beach"), ["mostly"])
    assert parse("at least two or three dogs") == Term("dog", ">=", 2)
    assert parse("at most two or three people") == Term("person", "<=", 3)


def test_negation_as_people_say_it() -> None:
    assert parse("anything but cats") == parse("everything except cats") == Not(Term("cat"))
    assert parse("cars but not trucks or buses") == And((Term("car"), Not(Or((Term("truck"), Term("bus"))))))
    assert parse("a dog anywhere but the beach") == And((Term("dog"), Not(parse("beach"))))  # not "but": and
    assert parse("dogs and no cats or birds") == And((Term("dog"), Not(Or((Term("cat"), Term("bird"))))))
    assert parse("photos without cars or trucks") == Not(Or((Term("car"), Term("truck"))))
    # the formal NOT still binds tighter than OR
    assert parse("person and not dog or cat") == Or((And((Term("person"), Not(Term("dog")))), Term("cat")))
    assert parse("a pair of dogs") == Term("dog", ">=", 2) and parse("a fleet of boats") == Term("boat")


@pytest.mark.parametrize("text, expected", [
    ("a red car", Term("car", colour="red")),
    ("two white dogs", Term("dog", ">=", 2, colour="white")),
    ("a light blue shirt", Term("apparel", colour="blue")),  # the shade is the colour's
    ("a red double decker bus", Term("bus", colour="red")),  # describing words between
    ("a big old brown horse", Term("horse", colour="brown")),
    ("an orange car", Term("car", colour="orange")),  # the colour, not the fruit
    ("an orange", Term("orange")),
    ("orange juice", parse("a drink")),  # a longer vocabulary word wins
    ("red wine", Term("wine glass")),
    ("a golden retriever", Term("dog")),
    ("cats but no black cats", And((Term("cat"), Not(Term("cat", colour="black"))))),
    ("a car that is red", Term("car", colour="red")),  # said after it
    ("a black and white cat", And((Term("cat", colour="black"), Term("cat", colour="white")))),
    ("red, white and blue flags", And((Term("flag", colour="red"), Term("flag", colour="white"),
                                       Term("flag", colour="blue")))),
    ("a red brick building", Term("building", colour="red")),  # a material between
    ("red or blue cars", Or((Term("car", colour="red"), Term("car", colour="blue")))),
    ("two black dogs and a white one", And((Term("dog", ">=", 2, colour="black"), Term("dog", colour="white")))),
    ("a red car or a blue one", Or((Term("car", colour="red"), Term("car", colour="blue")))),  # one: the car
    ("a black cat with green eyes", Term("cat", colour="black")),  # its eyes: no person, no green person
    ("cats which are not black", And((Term("cat"), Not(Term("cat", colour="black"))))),
    ("the car is light blue and a dog", And((Term("car", colour="blue"), Term("dog")))),
    ("a red car or a blue bus", Or((Term("car", colour="red"), Term("bus", colour="blue")))),
])
def test_a_colour_colours_the_object_after_it(text: str, expected: Node) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize("text, left_out", [
    ("a green park", ["green"]),  # a scene has no one colour
    ("a car in red", ["red"]),  # nothing after it to colour (a person in red: their clothes)
    ("a dog with a long tail", ["long", "tail"]),  # a part of the thing before it is its own
    ("a red-haired girl", ["red", "haired"]),  # her hair's colour, not hers
    ("a blue-eyed cat", ["blue", "eyed"]),  # not "eye" mistyped
])
def test_a_colour_with_nothing_to_colour_is_left_out_and_named(text: str, left_out: list[str]) -> None:
    from segsearch.query.parser import parse_noting, unseen_note

    node, ignored = parse_noting(text)
    assert ignored == left_out and not coloured(node) and node == parse(text.split(" with ")[0])
    of_a_part = "-" in text  # "red-haired", "blue-eyed": said as the colour of hair or eyes
    assert ("only before an object it colours" in unseen_note(ignored)) == \
        (any(w in COLOUR_WORDS for w in ignored) and not of_a_part)
    assert ("the colour of hair, eyes or skin" in unseen_note(ignored)) == of_a_part


@pytest.mark.parametrize("text, expected", [
    ("a navy blue car", Term("car", colour="blue")),  # a compound colour is its last word's
    ("a sky blue shirt", Term("apparel", colour="blue")),
    ("a jet black cat", Term("cat", colour="black")),
    ("a blue green bottle", Term("bottle", colour="green")),
    ("a tan dog", Term("dog", colour="brown")),
    ("a reddish car", Term("car", colour="red")),
    ("red or navy blue cars", Or((Term("car", colour="red"), Term("car", colour="blue")))),
    ("a car that is navy blue", Term("car", colour="blue")),
    ("red cars parked in a row", Term("car", colour="red")),  # "row" is no mistyped crow
])
def test_colour_names_of_more_than_one_word(text: str, expected: Node) -> None:
    assert parse(text) == expected


def test_the_colours_a_person_wears_are_their_clothes_or_theirs() -> None:
    """A person in a colour: a piece of clothing of it (ADE20K's apparel, seldom a region of its
    own) or the person mostly of it, as clothes cover most of a person."""
    from segsearch.query.parser import parse_noting

    red = Or((Term("apparel", colour="red"), Term("person", colour="red")))
    assert parse("a man in a red shirt") == parse("a woman in red") == parse("a girl wearing red") == And(
        (Term("person"), red))
    assert parse("kids dressed in white and blue") == And((Term("person"), And((
        Or((Term("apparel", colour="white"), Term("person", colour="white"))),
        Or((Term("apparel", colour="blue"), Term("person", colour="blue")))))))
    assert parse("a man in red or blue") == And((Term("person"), Or((
        Term("apparel", colour="red"), Term("person", colour="red"),
        Term("apparel", colour="blue"), Term("person", colour="blue")))))
    assert parse("a girl in red with a dog") == And((Term("person"), red, Term("dog")))
    assert parse("a red shirt") == Term("apparel", colour="red")  # no person said: the shirt
    assert parse_noting("a car in red") == (Term("car"), ["red"])  # "in red" is a person's clothes only


def test_a_colour_of_no_thing_in_particular_is_of_any_thing() -> None:
    from segsearch.vocabulary import ANY_THING

    red = Term(ANY_THING, colour="red")
    assert parse("something red") == parse("red things") == parse("a red object") == parse("red") == red
    assert parse("anything light blue") == parse("light blue") == Term(ANY_THING, colour="blue")
    assert parse("a dog and something red") == And((Term("dog"), red))
    assert parse("red or blue") == Or((red, Term(ANY_THING, colour="blue")))
    assert parse("things on a table") == Term("table")  # no colour: the word is filler, as before
    assert parse("black and white") == EVERY_PHOTO  # how the photo looks, not two colours


def test_black_and_white_is_how_the_photo_looks_unless_it_colours_a_thing() -> None:
    """"black and white photos", "b&w", "monochrome": a filter of black-and-white photos
    (`query_looks`), named in the note; alone, every such photo. Before a thing it colours,
    "black and white" is that thing's colours."""
    from segsearch.query.parser import EVERY_PHOTO, parse_noting, query_looks, unseen_note

    assert parse_noting("a black and white photo of a dog") == (Term("dog"), ["black and white"])
    assert parse_noting("b&w portrait") == (parse("portrait"), ["b&w"])
    assert parse_noting("B/W photos of dogs") == (Term("dog"), ["b/w"])
    assert parse_noting("monochrome street") == (parse("street"), ["monochrome"])
    assert parse_noting("a street in black and white") == (parse("street"), ["black and white"])
    assert parse("black and white photos") == parse("grayscale") == parse("black & white") == EVERY_PHOTO
    assert parse("a black and white cat") == parse("black & white cats") == And(
        (Term("cat", colour="black"), Term("cat", colour="white")))
    assert query_looks("a black and white photo of a dog") and query_looks("b&w") and not query_looks("black and white cats")
    assert "as black-and-white photos" in unseen_note(["b&w"])
    # "colour" said of the photo is the opposite look; of anything else it is left out
    from segsearch.query.parser import query_in_colour

    assert parse_noting("colour photos of the city") == (parse("city"), ["colour photos"])
    assert parse_noting("a street in color") == (parse("street"), ["in color"])
    assert parse("colour photos") == parse("in colour") == EVERY_PHOTO
    assert parse_noting("what colour is the car") == (Term("car"), ["colour"])
    assert [query_in_colour(q) for q in ("colour photos", "a street in colour", "what colour is the car", "b&w")] \
        == [True, True, False, False]
    assert not query_looks("colour photos")
    assert "as photos in colour" in unseen_note(["in colour"])
    with pytest.raises(QueryError, match="unknown word 'xyzzy'"):
        parse("xyzzy in black and white")  # a word it does not know is said, not every photo given


def test_colours_with_nothing_to_colour_are_one_line() -> None:
    with pytest.raises(QueryError, match="reads 'navy' only before an object it colours"):
        parse("a navy")  # a colour word alone is said to be one, not offered as its own correction
    with pytest.raises(QueryError, match="reads 'blue' only before an object it colours.*name an object"):
        parse("the blue one")  # no count of one


def test_shape_words_say_the_photos_shape() -> None:
    """"vertical photos of dogs", "panoramas": the shape filter (`query_shape`), named in the note;
    alone, every photo of the shape; beside dates and looks too."""
    from segsearch.query.parser import EVERY_PHOTO, parse_noting, query_shape, unseen_note

    assert parse_noting("vertical photos of dogs") == (Term("dog"), ["vertical"])
    assert parse_noting("a panoramic view of the mountains") == (parse("mountains"), ["panoramic"])
    assert parse("vertical photos") == parse("panoramas") == parse("black and white panorama") == EVERY_PHOTO
    assert parse("recent panoramas") == EVERY_PHOTO
    assert [query_shape(q) for q in ("vertical photos of dogs", "a horizontal shot of a car", "panos", "dogs")] \
        == ["vertical", "horizontal", "panorama", None]
    assert "as the photo's shape (taller than wide)" in unseen_note(["vertical"])
    # "square" only before a photo word; "portrait" and "landscape" before "orientation" or "format"
    assert parse_noting("a square photo of a cat") == (Term("cat"), ["square photo"]) and query_shape("square photos")
    assert parse_noting("a square table") == (Term("table"), ["square"]) and not query_shape("a square table")
    assert [query_shape(q) for q in ("portrait orientation", "dogs in landscape format", "a portrait")] \
        == ["vertical", "horizontal", None]
    assert parse_noting("colour panoramas") == (EVERY_PHOTO, ["colour panoramas"])
    assert query_shape("colour panoramas") == "panorama"
    with pytest.raises(QueryError, match="unknown word 'xyzzy'"):
        parse("vertical xyzzy")  # a word it does not know is said, not every vertical photo given


def test_a_shape_said_negated_asks_for_the_other_shapes() -> None:
    """"dogs that are not vertical", "no panoramas of the beach": photos of any other shape (a
    filter that keeps those without it), named as typed; the negation is the shape's, not the
    thing's ("not square photos of cats" is cats, not every photo without a cat)."""
    from segsearch.query.parser import EVERY_PHOTO, parse_noting, query_shape, unseen_note

    for text, searched, left_out, shape in (
            ("dogs not vertical", "dogs", ["not vertical"], "not vertical"),
            ("dogs that are not vertical", "dogs", ["not vertical"], "not vertical"),
            ("cats but not horizontal", "cats", ["not horizontal"], "not horizontal"),
            ("no panoramas of the beach", "beach", ["no panoramas"], "not panorama"),
            ("not square photos of cats", "cats", ["not square photos"], "not square"),
            ("not vertical dogs", "dogs", ["not vertical"], "not vertical"),
            ("not square photos dogs", "dogs", ["not square photos"], "not square"),
            ("dogs not on the sofa", "dogs and no sofa", [], None)):
        assert parse_noting(text) == (parse(searched), left_out), text
        assert query_shape(text) == shape, text
    assert parse("not vertical") == EVERY_PHOTO
    assert "as the photo's shape (not taller than wide)" in unseen_note(["not vertical"])


def test_a_look_said_negated_is_the_other_look() -> None:
    """"no black and white photos of dogs" is dogs in colour (it had asked for black-and-white
    photos without a dog), "dogs not in colour" dogs in black and white; named as typed."""
    from segsearch.query.parser import EVERY_PHOTO, parse_noting, query_in_colour, query_looks, unseen_note

    for text, searched, left_out, grey in (
            ("no black and white photos of dogs", "dogs", ["no black and white"], False),
            ("dogs not in black and white", "dogs", ["not in black and white"], False),
            ("cats but no b&w", "cats", ["no b&w"], False), ("not monochrome", "photos", ["not monochrome"], False),
            ("not monochrome dogs", "dogs", ["not monochrome"], False),
            ("dogs not in colour", "dogs", ["not in colour"], True),
            ("no colour photos", "photos", ["no colour photos"], True)):
        assert parse_noting(text) == (EVERY_PHOTO if searched == "photos" else parse(searched), left_out), text
        assert (query_looks(text), query_in_colour(text)) == (grey, not grey), text
    assert "as photos in colour" in unseen_note(["no black and white"])
    assert "as black-and-white photos" in unseen_note(["not in colour"])
    assert parse("no black and white dogs") == Not(And((Term("dog", colour="black"), Term("dog", colour="white"))))


@pytest.mark.parametrize("text, plain, left", [
    ("a 3 year old on a bike", "a person on a bike", ["3 year old"]),  # the age is the child
    ("my 5-year-old", "person", ["5 year old"]),  # a hyphenated age is no "not"
    ("a two-month-old puppy", "dog", ["2 month old"]),  # before a thing, it describes it
    ("a 10 month old baby", "person", ["10 month old"]),  # and counts nothing
    ("dogs 2 years old", "dog", ["2 year old"]),  # after a thing too
    ("five friends at a bar", "at least 5 people and bar", []),  # each friend a person
    ("two couples", "at least 4 people", []),  # each couple two
    ("a 2-story house", "house", ["2-story"]),  # a number joined by a hyphen describes: no count, no "not"
    ("a 4-door car", "car", ["4-door"]),
    ("2-3 dogs", "between 2 and 3 dogs", []),  # a range typed with a hyphen
    ("dogs from 2010-2012", "dogs", ["2010", "2012"]),  # years: from one to the other
    ("the 2nd floor", "floor", ["2nd"]),  # a number joined to letters: an ordinal, not two floors
    ("4k photos of mountains", "mountains", ["4k"]),
    ("100s of birds", "hundreds of birds", []),  # at least 6, as in words, not at least 100
])
def test_ages_and_counted_friends(text: str, plain: str, left: list[str]) -> None:
    """An age ("a 3 year old", "a 5-year-old") is no count and no negation: alone it is a child,
    beside a thing it describes it, and it is named as not seen; so is any number joined to letters
    or words ("the 2nd floor", "a 2-story house"); a number of friends or couples counts the people;
    "2-3" and "2010-2012" are ranges."""
    from segsearch.query.parser import parse_noting, unseen_note

    assert parse_noting(text) == (parse(plain), left)
    if left and not left[0].isdigit():
        assert "does not see '" + left[0] + "'" in unseen_note(left)
    if text.endswith("2010-2012"):
        from segsearch.query.parser import query_dates

        assert query_dates(text) == (date(2010, 1, 1), date(2013, 1, 1))


@pytest.mark.parametrize("typed, meant", [
    ("photo of car red", "a red car"), ("dress blue", "a blue dress"), ("dog black big", "a big black dog"),
    ("cars red and blue", "red and blue cars"), ("car red and a dog", "a red car and a dog"),
    ("light blue", "light blue"), ("a red car", "a red car"),  # a colour's own words, and colour first, as they were
    ("traffic light red", "a red traffic light"), ("teddy bear brown", "a brown teddy bear"),  # words of two words
    ("car light blue", "a light blue car"),
])
def test_a_colour_typed_after_its_thing_colours_it(typed: str, meant: str) -> None:
    """Keyword-style typing puts the colour after the thing ("car red"): it colours the thing, as
    "a red car" does, where nothing after it could take the colour instead."""
    assert parse(typed) == parse(meant)


def test_makes_and_brands_name_the_thing_they_make() -> None:
    """A make alone is the thing it makes ("my tesla": a car, "a boeing": an airplane); before
    another thing it describes that thing ("a ford truck" is a truck, "a harley davidson
    motorcycle" a motorcycle, "a yamaha piano" a piano, which no network labels) and is named as
    left out, as a make no network sees. Every make names a concept of the vocabulary."""
    from segsearch.query.parser import parse_noting, unseen_note
    from segsearch.vocabulary import BRANDS, vocabulary

    assert all(vocabulary().words[make] == name for make, name in BRANDS.items())
    for text, searched, left_out in (
            ("my tesla", "my car", []), ("teslas in a parking lot", "cars on a road", []),
            ("a boeing at the gate", "an airplane at the gate", []), ("my honda", "a vehicle", []),
            ("a ford truck", "a truck", ["ford"]), ("harley davidson motorcycle", "a motorcycle", ["harley davidson"]),
            ("a vw bus", "a bus", ["vw"]), ("coca cola bottle", "a bottle", ["coca cola"]),
            ("ford mustang", "a car", ["mustang"])):
        assert parse_noting(text) == (parse(searched), left_out), text
    assert "does not see 'ford'" in unseen_note(["ford"])
    with pytest.raises(QueryError, match="no network of segsearch labels 'piano'"):
        parse("a yamaha piano")


@pytest.mark.parametrize("text, searched, left_out", [
    ("show me 20 photos of dogs", "dogs", ["20"]), ("5 pictures of cats", "cats", ["5"]),
    ("the 5 best photos of my cat", "my cat", ["5", "best"]), ("top 10 beaches", "beach", ["10"]),
    ("my top 3 pictures of dogs", "dogs", ["3"]), ("two photos of cats", "cats", ["two"]),
    ("10 more pictures of the beach", "the beach", ["10"]), ("top 5 dog photos", "dog", ["5"]),
    ("5 photos of 2 dogs", "2 dogs", ["5"]),  # how many photos, and how many dogs in each
])
def test_a_number_of_photos_is_no_count_of_things(text: str, searched: str, left_out: list[str]) -> None:
    """A number before a word for photos (perhaps after words that rank them, or one thing said
    once) or after "top" says how many photos are wanted: it is left out and named, and no count
    of the thing ("5 pictures of cats" had asked for five cats in a photo). A number before the
    thing still counts it ("photos of 5 dogs")."""
    from segsearch.query.parser import parse_noting

    assert parse_noting(text) == (parse(searched), left_out)
    assert parse("photos of 5 dogs") == Term("dog", ">=", 5)
    with pytest.raises(QueryError, match="name an object or a scene too"):
        parse("3 photos")


def test_days_counted_back_from_today_are_a_date_span() -> None:
    """"the last 2 weeks", "past 30 days", "the last three years": today and the days before it
    (had been "'2' counts nothing"), as `query_dates` gives them to the date filters; said alone,
    every photo then."""
    from segsearch.query.parser import EVERY_PHOTO, parse_noting, query_dates

    today = date(2026, 3, 31)
    for text, first in (("dogs in the last 2 weeks", date(2026, 3, 18)),
                        ("cats from the past 30 days", date(2026, 3, 2)),
                        ("the beach in the last three years", date(2023, 4, 1)),
                        ("dogs from the last 1 month", date(2026, 3, 1)), ("dogs in the last day", None)):
        assert query_dates(text, today) == (None if first is None else (first, date(2026, 4, 1))), text
    assert parse_noting("dogs in the last 2 weeks") == (Term("dog"), ["last 2 weeks"])
    assert parse("photos from the last 6 months") == EVERY_PHOTO


@pytest.mark.parametrize("text, first, after", [
    ("cats from 2 years ago", date(2024, 1, 1), date(2025, 1, 1)),  # the year it falls in
    ("the beach a month ago", date(2026, 2, 1), date(2026, 3, 1)),  # the month
    ("dogs from three weeks ago", date(2026, 3, 9), date(2026, 3, 16)),  # its week, Monday on
    ("photos of cats from 3 days ago", date(2026, 3, 28), date(2026, 3, 29)),  # the day
    ("dogs from a few days ago", date(2026, 3, 26), date(2026, 3, 30)),  # a few: two to five
    ("cats a few weeks ago", date(2026, 2, 23), date(2026, 3, 23)),  # the weeks 5 to 2 back, Monday on
    ("the beach several years ago", date(2017, 1, 1), date(2024, 1, 1)),  # several: three to nine
    ("dogs since 2020", date(2020, 1, 1), date(2026, 4, 1)), ("dogs after 2018", date(2019, 1, 1), date(2026, 4, 1)),
    ("cats before 2015", date(1800, 1, 1), date(2015, 1, 1)), ("cats until 2015", date(1800, 1, 1), date(2016, 1, 1)),
    ("dogs before june 2015", date(1800, 1, 1), date(2015, 6, 1)),
    ("dogs after the 90s", date(2000, 1, 1), date(2026, 4, 1)),
    ("dogs between 2015 and 2018", date(2015, 1, 1), date(2019, 1, 1)),
    ("dogs between 2018 and 2015", date(2015, 1, 1), date(2019, 1, 1)),
    ("dogs up to 2015", date(1800, 1, 1), date(2016, 1, 1)),
    ("cats older than 5 years", date(1800, 1, 1), date(2021, 4, 1)),
    ("cats newer than a week", date(2026, 3, 25), date(2026, 4, 1)),
    ("dogs older than 2010", date(1800, 1, 1), date(2010, 1, 1)),  # a date compared: before it
    ("cats newer than march 2020", date(2020, 4, 1), date(2026, 4, 1)),
    ("dogs more recent than the 90s", date(2000, 1, 1), date(2026, 4, 1)),
])
def test_days_around_others_or_counted_from_today(text: str, first: date, after: date) -> None:
    """"2 years ago" is the year, month, week or day that many back from today ("a few weeks
    ago", which had been the third week back, the weeks a few may mean); "since", "after",
    "before", "until" a date are open-ended; "between 2015 and 2018" both years and those between;
    "older than 5 years" and "newer than a week" count back. Before, "2 years ago" was "'2' counts
    nothing", "before 2015" was the year 2015, "between 2015 and 2018" a count of dogs."""
    from segsearch.query.parser import query_dates

    assert query_dates(text, date(2026, 3, 31)) == (first, after)
    assert positive_classes(parse(text))
    assert parse("between 2 and 5 dogs") == And((Term("dog", ">=", 2), Term("dog", "<=", 5)))  # still a count


def test_a_kind_of_things_is_counted_as_a_concept_of_several_labels_is() -> None:
    """"two beers" had been refused ("'drink' is a scene ... counts apply to objects"). A kind of
    things (`KINDS_OF_THINGS`) is counted one of its things at a time, as "two vehicles" counts
    one label's instances (`store.catalogue`): at least n of one of them, at most n of each. A
    scene of places or of stuff is still no count, and an area still needs an object."""
    drinks = ("bottle", "cup", "wine glass", "glass")
    assert parse("two beers") == parse("2 drinks") == Or(tuple(Term(d, ">=", 2) for d in drinks))
    assert parse("exactly 2 drinks") == Or(tuple(Term(d, "=", 2) for d in drinks))
    assert parse("fewer than 3 drinks") == And(tuple(Term(d, "<", 3) for d in drinks))
    assert parse("several drinks") == Or(tuple(Term(d, ">=", 3) for d in drinks))
    assert parse("no drinks") == Not(Or(tuple(Term(d) for d in drinks)))
    assert parse("three pieces of furniture") == Or(tuple(Term(f, ">=", 3) for f in (
        "sofa", "chair", "table", "bed", "cabinet", "desk", "shelf")))
    for text in ("two beaches", "two zoos", "drinks > 20%"):
        with pytest.raises(QueryError, match="is a scene"):
            parse(text)
    from segsearch.vocabulary import KINDS_OF_THINGS, SCENES

    for kind in KINDS_OF_THINGS:  # each a scene of things only, so each takes a count
        counted = parse(f"at least 2 {kind}")
        assert kind in SCENES and isinstance(counted, Or), kind
        assert all(isinstance(t, Term) and t.count == 2 for t in counted.items), kind


def test_the_note_on_a_date_says_the_days_it_searched() -> None:
    """"dogs a few weeks ago" said only that the words were taken as a date; which days they meant
    was left for the user to guess from the results. The note now gives them, as `query_dates`
    reads them."""
    from segsearch.query.parser import parse_noting, query_dates, unseen_note

    for text in ("dogs a few weeks ago", "2019 dogs", "cats before 2015", "dogs since 2020", "the beach last year"):
        first, after = query_dates(text)  # type: ignore[misc]
        note = unseen_note(parse_noting(text)[1])
        last = after - timedelta(days=1)
        said = (f"from {first:%Y-%m-%d}:" if after > date.today() else f"up to {last:%Y-%m-%d}:"
                if first.year == 1800 else f"({first:%Y-%m-%d} to {last:%Y-%m-%d}:")
        assert said in note, (text, note)
    assert "(2019-01-01 to 2019-12-31: the EXIF date" in unseen_note(["2019"])


PHONES = ("apple", "samsung", "google", "huawei", "xiaomi", "oneplus", "motorola", "nokia", "oppo", "vivo", "realme",
          "honor", "lg", "htc")  # a phone said as the camera: any phone maker's


@pytest.mark.parametrize("text, searched, cameras", [
    ("photos from my iphone", "", ("iphone",)), ("dogs shot on my pixel", "dogs", ("pixel",)),
    ("pictures taken with my canon", "", ("canon",)), ("cats taken with a nikon", "cats", ("nikon",)),
    ("iphone photos of the kids", "kids", ("iphone",)), ("my iphone photos", "", ("iphone",)),
    ("gopro videos of the beach", "beach", ("gopro",)),
    ("the beach shot on my galaxy", "beach", ("samsung",)), ("canon", "", ("canon",)),
    ("photos from my phone", "", PHONES), ("kids on my phone", "kids", PHONES), ("phone pics", "", PHONES),
    ("pictures taken on my phone", "", PHONES), ("shot on iphone", "", ("iphone",)),
    # a describing word, a model, "camera" or "phone" may stand beside the camera's name
    ("pictures from my new phone", "", PHONES), ("shot on my nikon d750", "", ("nikon",)),
    ("pictures from my pixel 6", "", ("pixel",)), ("photos by my sony camera", "", ("sony",)),
    ("photos from my samsung galaxy", "", ("samsung",)),
    # a phone said as a thing is the thing, and a make before a thing describes it
    ("a man with an iphone", "a man with a phone", ()), ("a girl with her iphone", "a girl with a phone", ()),
    ("an iphone on the table", "a phone on the table", ()), ("a photo of my iphone", "a phone", ()),
    ("a sony tv", "a tv", ()), ("a man on his phone", "a man with a phone", ()),
    ("someone on their phone", "someone with a phone", ()), ("a man on his iphone", "a man with a phone", ()),
    ("a girl on the phone", "a girl with a phone", ()), ("a man with his phone", "a man with a phone", ()),
    # a thing lying on or playing with the phone: the phone is in the photo; filming with it is not
    ("a cat sleeping on my phone", "a cat and a phone", ()), ("a kitten asleep on my phone", "a cat and a phone", ()),
    ("kids playing with my iphone", "kids with a phone", ()), ("a dog lying on my phone", "a dog and a phone", ()),
    ("dogs filmed on my phone", "dogs", PHONES), ("filming with my phone", "", PHONES),
    ("a cat sleeping on my canon", "a cat", ("canon",)),
])
def test_a_camera_said_where_photos_are_taken_with_one_is_the_exif_camera(text: str, searched: str,
                                                                          cameras: tuple[str, ...]) -> None:
    """"photos from my iphone" and "photos on my phone" asked for a phone in the photo; "taken with
    my canon" was refused. A phone held in the photo is still the phone ("a man on his phone")."""
    from segsearch.query.parser import EVERY_PHOTO, parse_noting, query_camera, unseen_note

    assert query_camera(text) == cameras
    assert parse(text) == (parse(searched) if searched else EVERY_PHOTO)
    if cameras:
        assert "as the camera that took the photos" in unseen_note(parse_noting(text)[1])


def test_a_thing_named_in_two_words_no_network_labels_is_left_out_whole() -> None:
    """"northern lights" searched for lights (lamps) and named "northern" as left out: a phrase
    whose words each mean something else is one thing no network labels, named whole."""
    from segsearch.query.parser import parse_noting

    for text, named in (("northern lights", "northern lights"), ("the milky way", "milky way"),
                        ("a fish tank", "fish tank"),
                        ("a solar eclipse", "solar eclipse"), ("a musical instrument", "musical instrument")):
        with pytest.raises(QueryError, match=f"no network of segsearch labels '{named}'"):
            parse(text)
    assert parse_noting("the northern lights over the mountains") == (Term("mountain"), ["northern lights"])
    assert parse_noting("fish in an aquarium") == (parse("fish"), ["aquarium"])  # a fish tank asked for a storage tank
    assert parse_noting("christmas lights on the house")[1] == ["christmas"]  # lights that are lights


def test_counts_bounded_by_words_of_place_ranges_and_zero() -> None:
    """"under 10 people" asked for at least 10 people and "over 5 birds" for at least 5 ("under"
    and "over" were filler before the count); "zero people" asked for people ("zero" was left
    out); "2 to 3 dogs" and "2–3 dogs" were refused. After a thing, a word of place places it ("a
    cat under 2 chairs") or, with no thing after the number, says an age ("kids under 5")."""
    from segsearch.query.parser import parse_noting

    for text, same in (("under 10 people", "fewer than 10 people"), ("photos with below 3 cars", "fewer than 3 cars"),
                       ("over 5 birds", "more than 5 birds"), ("above 2 people", "more than 2 people"),
                       ("zero people", "0 people"), ("zero dogs and 2 cats", "0 dogs and 2 cats"),
                       ("2 to 3 dogs", "between 2 and 3 dogs"), ("from 2 to 5 people", "between 2 and 5 people"),
                       ("2–3 dogs", "between 2 and 3 dogs"),
                       ("3-4 kids on the beach", "between 3 and 4 people on the beach"),
                       ("a cat under 2 chairs", "a cat and 2 chairs")):
        assert parse(text) == parse(same), text
    assert parse("0 people") == Term("person", "=", 0)
    # a number said in words after a bound ("under a dozen birds" was at least 12, "more than a couple
    # of dogs" refused); "not a single person" is no person (it was any number but one), as "not one" is
    for text, same in (("under a dozen birds", "fewer than 12 birds"), ("over a dozen people", "more than 12 people"),
                       ("more than a couple of dogs", "more than 2 dogs"), ("at most a couple of cars", "at most 2 cars"),
                       ("not a single person", "no people"), ("not one car", "no car"),
                       ("both of us on the sofa", "2 people on the sofa")):
        assert parse(text) == parse(same), text
    assert parse("a single person") == Term("person", "=", 1)
    assert parse_noting("a trip to a few beaches") == (parse("beach"), ["trip"])  # "to": no bound


def test_accents_are_read_without_and_other_scripts_named() -> None:
    """"café" was an unknown word (did you mean cafe?) and "猫" "a class name was expected"."""
    from segsearch.query.parser import parse_noting

    assert parse("café") == parse("cafe") and parse_noting("a jalapeño pizza") == (Term("pizza"), ["jalapeno"])
    assert parse_noting("a dog in 東京") == (Term("dog"), ["東京"])
    for text in ("猫", "город"):
        with pytest.raises(QueryError, match=f"unknown word '{text}': segsearch's words are English"):
            parse(text)
    assert parse("🐶 on the 🛋️") == parse("a dog on a sofa")  # emoji keep their variation selectors' meaning


def test_photos_or_everything_alone_is_every_photo_newest_first() -> None:
    """"all photos", "show me everything" and "photos" were "empty query": they ask for every photo,
    as "recent photos" did, newest first."""
    from segsearch.query.parser import date_order

    for text in ("all photos", "all my photos", "every photo", "photos", "show me everything", "images"):
        assert parse(text) == EVERY_PHOTO and date_order(text) == "newest", text
    assert date_order("oldest photos") == "oldest"
    # "park" before what it acts on is the action ("where did i park my car" asked for a park)
    from segsearch.query.parser import parse_noting
    assert parse_noting("where did i park my car") == (Term("car"), ["park"])
    assert parse("a dog in the park") == parse("a dog and a park")
    # a query asking "who" asks for people; after a thing "who" is filler
    assert parse_noting("who was at the party") == (Term("person"), ["party"])
    assert parse("who is on the boat") == parse("a person on a boat") and parse("dogs who swim") == Term("dog")


def test_a_stray_letter_is_left_out_and_offered_no_word() -> None:
    """"dog x" was refused with "did you mean 'ox'?", and "c" offered pc: one letter says nothing
    of the word it might mistype."""
    from segsearch.query.parser import parse_noting

    assert parse_noting("dog x") == (Term("dog"), ["x"])
    with pytest.raises(QueryError) as refused:
        parse("c")
    assert "unknown word 'c'" in str(refused.value) and refused.value.meant is None


def test_words_of_photography_are_named_as_not_seen_not_taken_for_slips() -> None:
    """"bokeh" was a mistyped bike and "close-ups of flowers" left "close" and "ups" out."""
    from segsearch.query.parser import parse_noting

    for word in ("bokeh", "hdr", "flash", "silhouettes"):
        with pytest.raises(QueryError, match=f"does not see '{word}'"):
            parse(f"{word} photos")
    assert parse_noting("close-ups of flowers") == (parse("a close up of a flower"), [])
    assert parse_noting("a dog, bokeh") == (Term("dog"), ["bokeh"])
    assert parse_noting("kids under 5") == (Term("person"), ["under 5"])
    assert parse_noting("children under 10 on the beach") == (parse("people on the beach"), ["under 10"])
    assert parse_noting("dogs from 2018 to 2020") == (Term("dog"), ["2018", "2020"])  # years, not a count
    assert parse_noting("beach 2019 — 2021")[1] == ["2019", "2021"]
    with pytest.raises(QueryError, match="'3' counts nothing"):
        parse("dogs 2-3")


def test_a_count_before_a_word_of_place_counts_nothing_after_it() -> None:
    """"5 on the bench" asked for five benches and "the 737 at the gate" was refused as 737 fences:
    a count said before a word of place counts what is not said, so it is left out and named."""
    from segsearch.query.parser import parse_noting

    assert parse_noting("5 on the bench") == (Term("bench"), ["5"])
    assert parse_noting("the 12 at the gate") == (parse("a gate"), ["12"])
    assert parse_noting("3 at the beach") == (parse("beach"), ["3"])
    assert parse_noting("at least 2 in the car") == (Term("car"), ["at least 2"])
    # counts of what is said stay counts: "of" is no place, and a place after the thing is the thing's
    assert parse("the 5 of us at the beach") == parse("5 people on the beach")
    assert parse("3 of the dogs") == Term("dog", ">=", 3) and parse("2 dogs on the bench") == parse("2 dogs and a bench")


def test_a_count_no_photo_can_reach_is_said_not_searched() -> None:
    """"1000 people" found no photo without a word of why: no count of a thing in a photo exceeds
    the detector's 100 boxes of a class (`COUNTABLE`). Under NOT, or as an upper bound, such a count
    holds everywhere and is searched; counts up to it are counts."""
    from segsearch.models.yolox import decode
    from segsearch.query.parser import COUNTABLE

    assert inspect.signature(decode).parameters["max_detections"].default == COUNTABLE
    for text, said in (("1000 people", "1000 people"), ("1,000 people", "1000 people"),
                       ("more than 100 sheep", "more than 100 sheep"), ("a crowd of 500 birds", "500 birds"),
                       ("50 men and 60 women", "110 people")):
        with pytest.raises(QueryError, match=f"counts at most 100 of a thing in a photo, so none has {said}: "
                                             f"ask for \"many"):
            parse(text)
    assert parse("100 sheep") == Term("sheep", ">=", 100)
    # a group of a number of things is that number of them (it was that many people and one dog)
    assert parse("a group of 5 dogs") == Term("dog", ">=", 5) and parse("a family of 4 ducks") == Term("bird", ">=", 4)
    assert parse("a group of 10 people") == parse("a family of ten") == Term("person", ">=", 10)
    assert parse("1.5 friends") == Term("person")  # a number with a point (a KeyError before)
    assert parse("fewer than 500 birds") == Term("bird", "<", 500)
    assert parse("no 1000 people") == Not(Term("person", ">=", 1000))


def test_a_count_or_with_before_what_no_network_sees_names_it() -> None:
    """"a pair of shoes" was "unknown word 'pair'", "2 candles" "'2' counts nothing", "a cat and 2
    candles" the same error, though "a cat and candles" finds cats and names the candles; "a
    couple of drinks" was one drink; "a room with a view" was "query ends where a class name was
    expected" (a view is filler)."""
    from segsearch.query.parser import parse_noting

    for text, word in (("a pair of shoes", "shoes"), ("2 candles", "candles"), ("a couple of candles", "candles")):
        with pytest.raises(QueryError, match=f"no network of segsearch labels '{word}'"):
            parse(text)
    assert parse_noting("a cat and 2 candles") == parse_noting("2 candles and a cat") == (Term("cat"), ["candles"])
    assert parse_noting("a cat and 2 white candles") == (Term("cat"), ["white", "candles"])
    assert parse("two white cars") == Term("car", ">=", 2, colour="white")  # a count before a thing still counts
    assert parse("a couple of drinks") == parse("2 drinks") and parse("a pair of dogs") == Term("dog", ">=", 2)
    assert parse_noting("a window with a view") == (Term("window"), [])
    assert parse("a room with a view and a bed") == parse("a room and a bed")
    for text in ("a dog with", "cat and"):  # a conjunction with nothing after it is still cut short
        with pytest.raises(QueryError, match="the query ends after .* where a thing was expected"):
            parse(text)


def test_a_screen_of_a_thing_is_that_thing_and_places_by_other_names() -> None:
    """"a phone screen" asked for a phone beside a TV, monitor or laptop (`screen`); transport,
    urban, a junction or crossroads were unknown words; a bbq, graffiti and chopsticks unknown
    words where they are things no network labels."""
    assert parse("a phone screen") == parse("a phone") and parse("tv screen") == parse("a tv")
    assert parse("a laptop screen") == parse("a laptop") and parse("a computer screen") == parse("a monitor")
    assert parse("a flat screen tv") == parse("a tv")
    assert parse("public transport") == parse("transport") == parse("vehicles")
    assert parse("urban") == parse("city") and parse("a junction") == parse("crossroads") == parse("road")
    for word in ("a bbq", "graffiti", "chopsticks", "a barbecue"):
        with pytest.raises(QueryError, match="no network of segsearch labels"):
            parse(word)


def test_a_year_before_a_make_is_the_models_and_neither_a_date_nor_a_count() -> None:
    """"a 2019 toyota camry" is a car of that model year: the year describes it, as the make does,
    and is left out with it; it is no date of the photo (`query_dates`) and no count of 2019 cars,
    as a year before a thing that is no make is ("2019 dogs": dogs photographed in 2019)."""
    from segsearch.query.parser import parse_noting, query_dates

    for text, searched, left_out in (
            ("a 2019 toyota camry", "a car", ["2019 toyota"]), ("my 2015 tesla", "my car", ["2015 tesla"]),
            ("a 1969 ford truck", "a truck", ["1969 ford"]), ("a 1967 vw bus", "a bus", ["1967 vw"]),
            ("a 2019 tesla on the road", "a car on the road", ["2019 tesla"])):
        assert parse_noting(text) == (parse(searched), left_out), text
        assert query_dates(text) is None, text
    assert query_dates("a 2019 tesla in 2021") == (date(2021, 1, 1), date(2022, 1, 1))  # the photo's year
    assert query_dates("2019 dogs") == (date(2019, 1, 1), date(2020, 1, 1))


@pytest.mark.parametrize("typed, meant", [
    ("a surfer", "a surfboard"), ("two skiers", "2 skis"), ("a snowboarder in the air", "a snowboard"),
    ("skateboarders in a park", "skateboards in a park"), ("a jockey on a horse", "a horse"),
    ("a motorcyclist on the road", "a motorcycle on the road"), ("no surfers", "no surfboard"),
    ("surfers and swimmers", "surfboards and people"),
])
def test_someone_named_by_what_they_ride_is_found_by_it(typed: str, meant: str) -> None:
    """As a cyclist is found by the bicycle: a surfer's photo shows the surfboard, and any photo of
    people is no photo of a surfer."""
    assert parse(typed) == parse(meant)


def test_a_pair_of_a_thing_said_in_the_plural_is_one_of_it_and_glasses_worn_are_eyeglasses() -> None:
    """"a pair of scissors" asked for at least 2 scissors and "a pair of skis" for 2 boxes of skis
    (one box holds both); "a pair of glasses" and "reading glasses" asked for drinking glasses (and
    a book). A pair of other things is still two; glasses on a table stay glasses."""
    from segsearch.query.parser import described, parse_noting

    assert parse("a pair of scissors") == Term("scissors") and parse("a pair of skis") == Term("skis")
    assert parse("a pair of jeans") == parse("jeans") and parse("a pair of dogs") == Term("dog", ">=", 2)
    assert parse("a pair of black jeans") == parse("black jeans")  # describing words between
    assert parse("a pair of black dogs") == Term("dog", ">=", 2, colour="black")
    for text in ("a pair of glasses", "reading glasses", "spectacles"):
        with pytest.raises(QueryError, match="no network of segsearch labels '(eyeglasses|spectacles)'"):
            parse(text)
    assert parse_noting("a man with a pair of glasses") == (Term("person"), ["eyeglasses"])
    assert parse_noting("reading glasses on a book") == (Term("book"), ["eyeglasses"])
    assert parse("a man reading") == parse("a man with a book")  # reading alone is still a book
    assert parse("glasses on a table") == parse("a glass on a table")
    assert described(parse("two skis")) == "at least 2 skis"  # not "skises"


def test_an_empty_place_has_no_people_and_a_crowded_one_a_crowd() -> None:
    """"an empty beach" searched any beach and named 'empty' as not seen; a place said empty or
    deserted is now the place with no person, crowded or packed the place with a crowd. Not
    before a thing ("an empty glass", "a packed lunch"), after a ranking word or a negation, or,
    for empty, where the query names people too or hedges ("a couple on an empty beach", "an
    almost empty beach")."""
    from segsearch.query.parser import parse_noting

    for text, same in (("an empty beach", "a beach with no people"), ("a deserted street", "a street without people"),
                       ("an empty beach at sunset", "a beach with no people"),
                       ("a dog on an empty beach", "a dog on a beach with no people"),
                       ("a crowded beach", "a beach with a crowd"), ("a packed stadium", "a stadium with a crowd"),
                       ("a deserted snowy road", "a road with no people")):
        assert parse(text) == parse(same), text
    for text, left in (("an empty glass", ["empty"]), ("a packed lunch", ["packed"]), ("a crowded bus", ["crowded"]),
                       ("not an empty beach", ["empty"]), ("a couple on an empty beach", ["empty"]),
                       ("an almost empty beach", ["almost", "empty"]), ("the least crowded beach", ["least", "crowded"])):
        assert "empty" not in left or Not(Term("person")) not in getattr(parse(text), "items", ()), text
        assert parse_noting(text)[1] == left, text


def test_a_word_of_place_that_places_nothing_is_the_place() -> None:
    """"photos taken inside" asked for every photo and "a cat inside" for any cat: "inside" was
    read as a word that places what follows, and nothing followed. Said last (or before "and"),
    it is the place, as "outside" was; before a thing it still places it."""
    assert parse("photos taken inside") == parse("indoors") == parse("inside")
    assert parse("a cat inside") == parse("a cat indoors") and parse("a cat inside a box") == parse("a cat and a box")
    assert parse("is not inside") == parse("not indoors") and parse("scenery") == parse("outdoors")
    assert parse("my oldest pictures") == EVERY_PHOTO  # a word for photos last is no place


def test_a_comparative_or_superlative_of_a_word_no_network_sees_is_not_seen_either() -> None:
    """"the biggest dog" said "does not know 'biggest'", as of a word the vocabulary lacks; the
    graded forms of a describing word no network sees are described as it is."""
    from segsearch.query.parser import unseen_note

    for word in ("biggest", "bigger", "largest", "tallest", "busiest", "emptiest", "happier", "sadder", "cutest"):
        assert unseen_note([word]).startswith(f"segsearch does not see '{word}'"), word
    for word in ("forest", "interest", "finest", "winter"):  # no graded form of a word left out
        assert "does not see" not in unseen_note([word]), word


def test_toys_named_for_what_they_look_like_are_toys() -> None:
    """"a rubber duck in the bath" asked for a bird, "a stuffed animal" for an animal, "building
    blocks" for a building and "a baseball cap" for a baseball too; an air conditioner, crayons and
    a board game were unknown words or "no network labels 'board'"."""
    for text, same in (("a rubber duck in the bath", "a toy in the bath"), ("stuffed animals on the bed", "toys on a bed"),
                       ("a rocking horse", "a toy"), ("building blocks", "a toy"),
                       ("a boy in a baseball cap", "a boy in a hat")):
        assert parse(text) == parse(same), text
    for text, named in (("an air conditioner", "air conditioner"), ("a board game", "board game"),
                        ("crayons", "crayons")):
        with pytest.raises(QueryError, match=f"no network of segsearch labels '{named}'"):
            parse(text)


def test_stone_and_glass_before_a_thing_say_what_it_is_made_of() -> None:
    """"a stone wall" asked for a rock beside a wall and "a glass door" for a drinking glass beside
    a door; before another word they say what it is made of, as "wooden" does, and are left out;
    alone or before "of" they are still the thing. Rice terraces are fields, not food beside a
    building."""
    from segsearch.query.parser import parse_noting, unseen_note

    for text, same in (("a stone wall", "a wall"), ("a glass door", "a door"), ("a glass building", "a building"),
                       ("a stone church", "a church"), ("a shower with a glass door", "a shower with a door")):
        node, left = parse_noting(text)
        assert node == parse(same) and left in (["stone"], ["glass"]), text
    assert unseen_note(["glass"]).startswith("segsearch does not see 'glass'")  # a look, not an unknown word
    assert parse("a glass of water") == Term("glass") and parse("stones on the beach") == parse("a rock on a beach")
    assert parse("a wine glass") == Term("wine glass") and parse("a stone") == Term("rock")
    assert parse("rice terraces") == parse("a field") and parse("a meadow with wildflowers") == parse("a field with flowers")


def test_words_for_a_group_of_animals_or_things_are_the_things() -> None:
    """"a litter of puppies", "a pod of dolphins", "a pride of lions" searched the animals but named
    'litter', 'pod' and 'pride' as words not looked for; like "a herd of", they say how many
    together and are the things."""
    from segsearch.query.parser import parse_noting

    for text, same in (("a litter of puppies", "puppies"), ("a pod of dolphins", "dolphins"),
                       ("a colony of penguins", "penguins"), ("a pride of lions", "lions"),
                       ("a convoy of trucks", "trucks"), ("a gaggle of geese", "geese")):
        assert parse_noting(text) == (parse(same), []), text


def test_a_query_of_several_things_says_how_it_was_read() -> None:
    """The search's title said only the words typed, so a reading of them people would not expect
    went unnoticed. Where a query is more than one thing to find, `reading` says it in words: the
    parse, said back (`described`), scenes by their names; one thing, or filters alone, read as typed."""
    from segsearch.query.parser import described, reading

    for text, read in (("people on the beach or in the park", "person and (beach or park)"),
                       ("cats or dogs but no people", "(cat or dog) and no person"), ("two dogs", "at least 2 dogs"),
                       ("a kitchen with an oven", "kitchen and oven"), ("a cat on a sofa or a bed", "cat and (sofa or bed)")):
        assert reading(text) == read == described(parse(text)), text
    for text in ("dogs", "a red car", "beach", "photos from 2019", "car > 10%"):
        assert reading(text) is None, text
    assert reading("a dog not indoors") == "dog and not indoors"  # a place said as an adverb
    assert reading("cars but not trucks or buses") == "car and no (truck or bus)"  # neither, as "no" says
    assert reading("a beach or a forest") == "beach or forest"  # a scene of one label by its name, not "tree > 40%"

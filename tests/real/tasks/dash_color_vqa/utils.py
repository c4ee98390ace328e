"""Images for dash_color_vqa, drawn on the fly so the task ships no binary files."""
from PIL import Image

RGB = {"red": (220, 30, 30), "blue": (30, 60, 220), "green": (30, 160, 60), "yellow": (235, 210, 40)}


def doc_to_visual(doc):
    return [Image.new("RGB", (32, 32), RGB[doc["color"]])]

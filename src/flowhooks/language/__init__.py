"""Language: detection, translation and understanding of what a caller said."""

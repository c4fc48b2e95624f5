"""Short links: codes, redirects, visits, chatbot links and QR codes."""

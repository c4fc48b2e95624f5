"""Call-attempt reports: columns, streaming CSV/XLSX writers, HTTP and e-mail delivery."""

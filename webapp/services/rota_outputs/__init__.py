"""What a published rota becomes outside the grid: PDFs, CSV, a person's shifts on their
phone, a calendar feed, and fairness figures."""

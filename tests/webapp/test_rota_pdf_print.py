"""What the printed team rota leaves out of the page's grid."""

from webapp.services.rotas import review

from .rota_outputs_factories import MANAGER, published_ward
from .test_rota_outputs import pdf_text


def test_printed_grid_leaves_out_the_pages_links_to_each_persons_pdf(client, auth, db):
    """Does the team PDF print each name without the page's "PDF" link beside it, while the
    rota page still links each row to that person's shifts PDF?"""
    rota, _ = published_ward(db)
    auth.login(MANAGER)
    text = " ".join(pdf_text(client.get(f"/rotas/{rota.id}/pdf").data).split())
    page = client.get(f"/rotas/{rota.id}").get_data(as_text=True)
    for row in review.grid(db, rota):
        name = f"{row.member.family_name}, {row.member.given_name}"
        assert name in text and f"{name} PDF" not in text
        assert f"/staff/{row.member.id}/shifts/pdf" in page

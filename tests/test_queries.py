"""The query library on the hand-written fixture (tests/fixtures/queries-fixture.trig): every
query's exact answer is pinned, every query is empty on tests/fixtures/queries-empty.trig,
headers are complete, parameters cannot inject SPARQL, a real Oxigraph server answers exactly
like the embedded store, and (slow) every query runs on the full curated build."""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from narcokg import query as Q
from narcokg.cli import main
from narcokg.errors import EndpointError, InputError, NarcokgError

sys.path.insert(0, str(Path(__file__).parent))
from servers import oxigraph_cli, oxigraph_server  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE = FIXTURES / "queries-fixture.trig"
EMPTY = FIXTURES / "queries-empty.trig"
QUERIES = Q.list_queries()
IDS = [q.id for q in QUERIES]
SHORT = (("res:", Q.RESOLUTION + "/"), ("id:", Q.ID), ("v:", Q.VOCAB), ("nkg:", Q.PREFIXES["nkg"]))


def short(value):
    if value is None:
        return None
    for prefix, ns in SHORT:
        if value.startswith(ns):
            return prefix + value[len(ns):]
    return value


def rows(result) -> list[tuple]:
    return [tuple(short(v) for v in row) for row in result.values()]


def load(path: Path) -> ox.Store:
    """The fixture, with the date bounds the build derives (narcokg/dates.py)."""
    from narcokg.dates import bound_quads

    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TRIG)
    store.extend(bound_quads(list(store)))
    return store


@pytest.fixture(scope="module")
def fixture_store():
    return load(FIXTURE)


@pytest.fixture(scope="module")
def empty_store():
    return load(EMPTY)


# (query id, parameters, columns, exact rows). Generated once from the fixture, then read and
# checked by hand against the fixture's comments; IRIs shortened by short().
EXPECTED = [
    ('belgian-bilateral-instruments-by-partner', {},
     ('partner', 'partnerLabel', 'instrument', 'instrumentLabel', 'class', 'statusLabel',
      'clauseType', 'clauseTypeLabel', 'binding'),
     [
      ('id:state/AR', 'Argentina', 'id:treaty/be-ar-aml-1990',
       'Belgium–Argentina agreement (1990)', 'nkg:BilateralTreaty', 'terminated',
       'v:clause-type/aml-cooperation', 'anti-money-laundering cooperation', None),
      ('id:state/BR', 'Brazil', 'id:treaty/be-br-mla-2009',
       'Belgium–Brazil mutual legal assistance treaty (2009)', 'nkg:BilateralTreaty',
       'in force', 'v:clause-type/anti-trafficking-cooperation',
       'cooperation against drug trafficking', None),
      ('id:state/BR', 'Brazil', 'id:treaty/be-br-mla-2009',
       'Belgium–Brazil mutual legal assistance treaty (2009)', 'nkg:BilateralTreaty',
       'in force', 'v:clause-type/mutual-legal-assistance', 'mutual legal assistance', None),
      ('id:state/CO', 'Colombia', 'id:treaty/be-co-aml-2010',
       'Belgium–Colombia agreement on money laundering (2010)', 'nkg:BilateralTreaty',
       'in force', 'v:clause-type/aml-cooperation', 'anti-money-laundering cooperation',
       'true'),
      ('id:state/CO', 'Colombia', 'id:treaty/be-co-aml-2010',
       'Belgium–Colombia agreement on money laundering (2010)', 'nkg:BilateralTreaty',
       'in force', 'v:clause-type/operational-information-exchange',
       'exchange of operational information', None),
      ('id:state/EC', 'Ecuador', 'id:treaty/be-ec-customs-mou-2024',
       'Belgium–Ecuador customs memorandum (2024)', 'nkg:MemorandumOfUnderstanding',
       'in force', 'v:clause-type/customs-cooperation', 'customs cooperation', 'false'),
      ('id:state/MA', 'Morocco', 'id:treaty/be-ma-return-commitment-2024',
       'Commitment of Morocco on taking back its nationals (2024)',
       'nkg:NonBindingArrangement', None, 'v:clause-type/readmission-obligation',
       'readmission obligation', 'false'),
      ('id:state/MA', 'Morocco', 'id:treaty/be-ma-transfer-protocol-2007',
       'Belgium–Morocco transfer protocol (2007)', 'nkg:BilateralTreaty', 'in force',
       'v:clause-type/readmission-obligation', 'readmission obligation', 'true'),
     ]),
    ('demand-related-instruments', {},
     ('notation', 'demand', 'match', 'type', 'typeLabel', 'related', 'relatedLabel',
      'statusLabel'),
     [
      ('3.1', 'res:demand/3.1', 'clause-type', 'v:clause-type/aml-cooperation',
       'anti-money-laundering cooperation', 'id:treaty/be-ar-aml-1990',
       'Belgium–Argentina agreement (1990)', 'terminated'),
      ('3.1', 'res:demand/3.1', 'clause-type', 'v:clause-type/aml-cooperation',
       'anti-money-laundering cooperation', 'id:treaty/be-co-aml-2010',
       'Belgium–Colombia agreement on money laundering (2010)', 'in force'),
      ('3.1', 'res:demand/3.1', 'clause-type', 'v:clause-type/anti-trafficking-cooperation',
       'cooperation against drug trafficking', 'id:treaty/be-br-mla-2009',
       'Belgium–Brazil mutual legal assistance treaty (2009)', 'in force'),
      ('3.1', 'res:demand/3.1', 'clause-type', 'v:clause-type/anti-trafficking-cooperation',
       'cooperation against drug trafficking', 'id:treaty/un-illicit-traffic-1988',
       'UN Convention against Illicit Traffic, 1988', 'in force'),
      ('3.2', 'res:demand/3.2', 'clause-type',
       'v:clause-type/operational-information-exchange',
       'exchange of operational information', 'id:treaty/be-co-aml-2010',
       'Belgium–Colombia agreement on money laundering (2010)', 'in force'),
      ('3.3', 'res:demand/3.3', 'clause-type', 'v:clause-type/customs-cooperation',
       'customs cooperation', 'id:treaty/be-br-customs-mou-2019',
       'Belgium–Brazil customs memorandum (2019)', None),
      ('3.3', 'res:demand/3.3', 'clause-type', 'v:clause-type/customs-cooperation',
       'customs cooperation', 'id:treaty/be-ec-customs-mou-2024',
       'Belgium–Ecuador customs memorandum (2024)', 'in force'),
      ('3.3', 'res:demand/3.3', 'clause-type', 'v:clause-type/judicial-cooperation',
       'judicial cooperation', 'id:treaty/be-br-mla-2009',
       'Belgium–Brazil mutual legal assistance treaty (2009)', 'in force'),
      ('4', 'res:demand/4', 'clause-type', 'v:clause-type/readmission-obligation',
       'readmission obligation', 'id:treaty/be-ma-transfer-protocol-2007',
       'Belgium–Morocco transfer protocol (2007)', 'in force'),
      ('4', 'res:demand/4', 'clause-type', 'v:clause-type/readmission-obligation',
       'readmission obligation', 'id:treaty/be-ma-return-commitment-2024',
       'Commitment of Morocco on taking back its nationals (2024)', None),
      ('5.1', 'res:demand/5.1', 'task-type', 'v:task-type/operational-customs-cooperation',
       'operational customs cooperation', 'id:org/be-customs', 'Belgian Customs', 'existing'),
      ('5.1', 'res:demand/5.1', 'task-type', 'v:task-type/operational-customs-cooperation',
       'operational customs cooperation', 'id:org/benelux-anti-drug-agency',
       'Benelux anti-drug agency', 'proposal'),
      ('5.2', 'res:demand/5.2', 'task-type', 'v:task-type/joint-customs-training',
       'joint customs training', 'id:org/benelux-anti-drug-agency',
       'Benelux anti-drug agency', 'proposal'),
      ('5.3', 'res:demand/5.3', 'task-type', 'v:task-type/coordinated-container-scanning',
       'coordinated container scanning', 'id:org/benelux-anti-drug-agency',
       'Benelux anti-drug agency', 'proposal'),
      ('5.3', 'res:demand/5.3', 'task-type', 'v:task-type/coordinated-container-scanning',
       'coordinated container scanning', 'id:org/be-scan-centre',
       'Planned national scanning centre', 'planned'),
      ('5.4', 'res:demand/5.4', 'task-type', 'v:task-type/drug-route-intelligence',
       'drug-route intelligence', 'id:org/benelux-anti-drug-agency',
       'Benelux anti-drug agency', 'proposal'),
      ('5.4', 'res:demand/5.4', 'task-type', 'v:task-type/drug-route-intelligence',
       'drug-route intelligence', 'id:org/europol', 'Europol', 'existing'),
     ]),
    ('demand-responses', {},
     ('notation', 'demand', 'demandLabel', 'response', 'respondent', 'respondentLabel',
      'statusLabel', 'statusDate', 'source'),
     [
      ('1', 'res:demand/1', 'Make the fight a strategic priority', None, None, None, None,
       None, None),
      ('2', 'res:demand/2', 'Sanctions against narco-states', None, None, None, None, None,
       None),
      ('3', 'res:demand/3', 'Revise bilateral treaties with Latin America', None, None, None,
       None, None, None),
      ('3.1', 'res:demand/3.1', 'Cooperation against trafficking and money laundering',
       'id:response/be-co-aml-2010-3.1', 'id:treaty/be-co-aml-2010',
       'Belgium–Colombia agreement on money laundering (2010)', 'partially implemented',
       '2026-01-21', 'https://example.org/doc/actors'),
      ('3.2', 'res:demand/3.2', 'Exchange of operational information', None, None, None, None,
       None, None),
      ('3.3', 'res:demand/3.3', 'Customs, prosecutors and judicial cooperation', None, None,
       None, None, None, None),
      ('4', 'res:demand/4', 'Readmission obligation', None, None, None, None, None, None),
      ('5', 'res:demand/5', 'A Benelux anti-drug agency', None, None, None, None, None, None),
      ('5.1', 'res:demand/5.1', 'Operational customs cooperation', None, None, None, None,
       None, None),
      ('5.2', 'res:demand/5.2', 'Joint customs training', None, None, None, None, None, None),
      ('5.3', 'res:demand/5.3', 'Coordinated container scanning', None, None, None, None,
       None, None),
      ('5.4', 'res:demand/5.4', 'Drug-route intelligence', None, None, None, None, None, None),
      ('6', 'res:demand/6', 'A liaison network in South-American ports', None, None, None,
       None, None, None),
      ('6.1', 'res:demand/6.1', 'Early detection', None, None, None, None, None, None),
      ('6.2', 'res:demand/6.2', 'Cooperation with local authorities', None, None, None, None,
       None, None),
      ('6.3', 'res:demand/6.3', 'Support to operations', None, None, None, None, None, None),
      ('7', 'res:demand/7', 'An EU strategy against drug cartels', 'id:response/eu-roadmap-7',
       'id:policy/eu-ports-roadmap-2023',
       'EU roadmap to fight drug trafficking and organised crime', 'partially implemented',
       '2023-10-18', 'https://example.org/doc/actors'),
      ('8', 'res:demand/8', 'A binding clause in the EU–Mercosur agreement', None, None, None,
       None, None, None),
      ('9', 'res:demand/9', 'Annual report to the Chamber', None, None, None, None, None,
       None),
      ('9.1', 'res:demand/9.1', 'Actions in foreign policy', None, None, None, None, None,
       None),
      ('9.2', 'res:demand/9.2', 'Effectiveness of cooperation', None, None, None, None, None,
       None),
      ('9.3', 'res:demand/9.3', 'Networks and results', None, None, None, None, None, None),
      ('9.4', 'res:demand/9.4', 'The Task Force', 'id:response/task-force-9.4',
       'id:org/be-drugs-task-force', 'Drugs Task Force of the FPS Foreign Affairs',
       'in progress', '2025', 'https://example.org/doc/actors'),
     ]),
    ('demanded-tasks-carried-by-existing-bodies', {},
     ('notation', 'taskType', 'taskTypeLabel', 'body', 'bodyLabel', 'gap'),
     [
      ('5.1', 'v:task-type/operational-customs-cooperation',
       'operational customs cooperation', 'id:org/be-customs', 'Belgian Customs', None),
      ('5.2', 'v:task-type/joint-customs-training', 'joint customs training', None, None,
       'not recorded'),
      ('5.3', 'v:task-type/coordinated-container-scanning', 'coordinated container scanning',
       None, None, 'not recorded'),
      ('5.4', 'v:task-type/drug-route-intelligence', 'drug-route intelligence',
       'id:org/europol', 'Europol', None),
     ]),
    ('designated-states-without-sanction', {},
     ('state', 'stateLabel', 'designationType', 'designationTypeLabel', 'designatedBy',
      'designations', 'fiscalYears', 'latestDate', 'measuresOnState', 'measuresOnNationals',
      'measuresByWeakerLink', 'withoutMeasure'),
     [
      ('id:state/BO', 'Bolivia', 'v:designation-type/failed-demonstrably',
       'failed demonstrably to meet counternarcotics obligations', 'id:state/US', '1', '2026',
       '2025-09-15', '0', '0', '0', 'true'),
      ('id:state/BO', 'Bolivia', 'v:designation-type/major-drug-transit-or-producing',
       'major drug transit or major illicit drug producing country', 'id:state/US', '1', '2026',
       '2025-09-15', '0', '0', '0', 'true'),
      ('id:state/BO', 'Bolivia', 'v:designation-type/negligent-in-fighting-cartels',
       'negligent in fighting drug cartels', 'id:state/US', '1', None, '2025-09-15', '0', '0',
       '0', 'true'),
     ]),
    ('designated-states-without-sanction', {'all': 'true'},
     ('state', 'stateLabel', 'designationType', 'designationTypeLabel', 'designatedBy',
      'designations', 'fiscalYears', 'latestDate', 'measuresOnState', 'measuresOnNationals',
      'measuresByWeakerLink', 'withoutMeasure'),
     [
      ('id:state/BO', 'Bolivia', 'v:designation-type/failed-demonstrably',
       'failed demonstrably to meet counternarcotics obligations', 'id:state/US', '1', '2026',
       '2025-09-15', '0', '0', '0', 'true'),
      ('id:state/BO', 'Bolivia', 'v:designation-type/major-drug-transit-or-producing',
       'major drug transit or major illicit drug producing country', 'id:state/US', '1', '2026',
       '2025-09-15', '0', '0', '0', 'true'),
      ('id:state/BO', 'Bolivia', 'v:designation-type/negligent-in-fighting-cartels',
       'negligent in fighting drug cartels', 'id:state/US', '1', None, '2025-09-15', '0', '0',
       '0', 'true'),
      ('id:state/CO', 'Colombia', 'v:designation-type/negligent-in-fighting-cartels',
       'negligent in fighting drug cartels', 'id:state/US', '1', None, '2025-09-15', '1', '1',
       '1', 'false'),
      ('id:state/EC', 'Ecuador', 'v:designation-type/major-drug-transit-or-producing',
       'major drug transit or major illicit drug producing country', 'id:state/US', '2',
       '2025 2026', '2025-09-15', '0', '1', '1', 'false'),
     ]),
    ('eu-strategy-documents', {},
     ('document', 'documentLabel', 'publisher', 'publisherLabel', 'issued',
      'responseStatusLabel'),
     [
      ('id:policy/eu-drugs-strategy-2021', 'EU Drugs Strategy 2021-2025', 'id:org/eu',
       'European Union', '2020-12-18', None),
      ('id:policy/eu-ports-roadmap-2023',
       'EU roadmap to fight drug trafficking and organised crime',
       'id:org/european-commission', 'European Commission', '2023-10-18',
       'partially implemented'),
     ]),
    ('latam-states-clause-coverage', {},
     ('state', 'stateLabel', 'clauseType', 'treaty', 'gap', 'coverage'),
     [
      ('id:state/AR', 'Argentina', 'v:clause-type/aml-cooperation', None, 'not recorded',
       None),
      ('id:state/AR', 'Argentina', 'v:clause-type/anti-trafficking-cooperation', None,
       'not recorded', None),
      ('id:state/AR', 'Argentina', 'v:clause-type/customs-cooperation', None, 'not recorded',
       None),
      ('id:state/AR', 'Argentina', 'v:clause-type/judicial-cooperation', None, 'not recorded',
       None),
      ('id:state/AR', 'Argentina', 'v:clause-type/operational-information-exchange', None,
       'not recorded', None),
      ('id:state/AR', 'Argentina', 'v:clause-type/prosecutor-cooperation', None,
       'not recorded', None),
      ('id:state/BO', 'Bolivia', 'v:clause-type/aml-cooperation', None, 'not recorded', None),
      ('id:state/BO', 'Bolivia', 'v:clause-type/anti-trafficking-cooperation', None,
       'not recorded', None),
      ('id:state/BO', 'Bolivia', 'v:clause-type/customs-cooperation', None, 'not recorded',
       None),
      ('id:state/BO', 'Bolivia', 'v:clause-type/judicial-cooperation', None, 'not recorded',
       None),
      ('id:state/BO', 'Bolivia', 'v:clause-type/operational-information-exchange', None,
       'not recorded', None),
      ('id:state/BO', 'Bolivia', 'v:clause-type/prosecutor-cooperation', None, 'not recorded',
       None),
      ('id:state/BR', 'Brazil', 'v:clause-type/aml-cooperation', None, 'not recorded', None),
      ('id:state/BR', 'Brazil', 'v:clause-type/anti-trafficking-cooperation',
       'id:treaty/be-br-mla-2009', None, None),
      ('id:state/BR', 'Brazil', 'v:clause-type/customs-cooperation', None, 'not recorded',
       None),
      ('id:state/BR', 'Brazil', 'v:clause-type/judicial-cooperation',
       'id:treaty/be-br-mla-2009', None, None),
      ('id:state/BR', 'Brazil', 'v:clause-type/operational-information-exchange', None,
       'not recorded', None),
      ('id:state/BR', 'Brazil', 'v:clause-type/prosecutor-cooperation', None, 'not recorded',
       None),
      ('id:state/CO', 'Colombia', 'v:clause-type/aml-cooperation', 'id:treaty/be-co-aml-2010',
       None, None),
      ('id:state/CO', 'Colombia', 'v:clause-type/anti-trafficking-cooperation', None,
       'known absent', 'id:coverage/be-co-bilateral-2026-01-01'),
      ('id:state/CO', 'Colombia', 'v:clause-type/customs-cooperation', None, 'known absent',
       'id:coverage/be-co-bilateral-2026-01-01'),
      ('id:state/CO', 'Colombia', 'v:clause-type/judicial-cooperation', None, 'known absent',
       'id:coverage/be-co-bilateral-2026-01-01'),
      ('id:state/CO', 'Colombia', 'v:clause-type/operational-information-exchange',
       'id:treaty/be-co-aml-2010', None, None),
      ('id:state/CO', 'Colombia', 'v:clause-type/prosecutor-cooperation', None,
       'known absent', 'id:coverage/be-co-bilateral-2026-01-01'),
      ('id:state/EC', 'Ecuador', 'v:clause-type/aml-cooperation', None, 'not recorded', None),
      ('id:state/EC', 'Ecuador', 'v:clause-type/anti-trafficking-cooperation', None,
       'not recorded', None),
      ('id:state/EC', 'Ecuador', 'v:clause-type/customs-cooperation', None, 'not recorded',
       None),
      ('id:state/EC', 'Ecuador', 'v:clause-type/judicial-cooperation', None, 'not recorded',
       None),
      ('id:state/EC', 'Ecuador', 'v:clause-type/operational-information-exchange', None,
       'not recorded', None),
      ('id:state/EC', 'Ecuador', 'v:clause-type/prosecutor-cooperation', None, 'not recorded',
       None),
      ('id:state/PA', 'Panama', 'v:clause-type/aml-cooperation', None, 'not recorded', None),
      ('id:state/PA', 'Panama', 'v:clause-type/anti-trafficking-cooperation', None,
       'not recorded', None),
      ('id:state/PA', 'Panama', 'v:clause-type/customs-cooperation', None, 'not recorded',
       None),
      ('id:state/PA', 'Panama', 'v:clause-type/judicial-cooperation', None, 'not recorded',
       None),
      ('id:state/PA', 'Panama', 'v:clause-type/operational-information-exchange', None,
       'not recorded', None),
      ('id:state/PA', 'Panama', 'v:clause-type/prosecutor-cooperation', None, 'not recorded',
       None),
     ]),
    ('latam-states-without-clause-type', {},
     ('state', 'stateLabel', 'gap', 'coverage'),
     [
      ('id:state/AR', 'Argentina', 'not recorded', None),
      ('id:state/BO', 'Bolivia', 'not recorded', None),
      ('id:state/BR', 'Brazil', 'not recorded', None),
      ('id:state/EC', 'Ecuador', 'not recorded', None),
      ('id:state/PA', 'Panama', 'not recorded', None),
     ]),
    ('latam-states-without-demanded-clause-types', {},
     ('notation', 'state', 'stateLabel', 'clauseType', 'clauseTypeLabel', 'gap', 'coverage'),
     [
      ('3.1', 'id:state/AR', 'Argentina', 'v:clause-type/aml-cooperation',
       'anti-money-laundering cooperation', 'not recorded', None),
      ('3.1', 'id:state/AR', 'Argentina', 'v:clause-type/anti-trafficking-cooperation',
       'cooperation against drug trafficking', 'not recorded', None),
      ('3.1', 'id:state/BO', 'Bolivia', 'v:clause-type/aml-cooperation',
       'anti-money-laundering cooperation', 'not recorded', None),
      ('3.1', 'id:state/BO', 'Bolivia', 'v:clause-type/anti-trafficking-cooperation',
       'cooperation against drug trafficking', 'not recorded', None),
      ('3.1', 'id:state/BR', 'Brazil', 'v:clause-type/aml-cooperation',
       'anti-money-laundering cooperation', 'not recorded', None),
      ('3.1', 'id:state/CO', 'Colombia', 'v:clause-type/anti-trafficking-cooperation',
       'cooperation against drug trafficking', 'known absent',
       'id:coverage/be-co-bilateral-2026-01-01'),
      ('3.1', 'id:state/EC', 'Ecuador', 'v:clause-type/aml-cooperation',
       'anti-money-laundering cooperation', 'not recorded', None),
      ('3.1', 'id:state/EC', 'Ecuador', 'v:clause-type/anti-trafficking-cooperation',
       'cooperation against drug trafficking', 'not recorded', None),
      ('3.1', 'id:state/PA', 'Panama', 'v:clause-type/aml-cooperation',
       'anti-money-laundering cooperation', 'not recorded', None),
      ('3.1', 'id:state/PA', 'Panama', 'v:clause-type/anti-trafficking-cooperation',
       'cooperation against drug trafficking', 'not recorded', None),
     ]),
    ('liaison-posts-coverage', {},
     ('post', 'postLabel', 'statusLabel', 'coverage', 'place', 'placeLabel'),
     [
      # be-customs-santos is a nkg:Proposal, not a post: not listed
      ('id:liaison-post/be-police-bogota', 'Belgian police liaison officer in Bogotá',
       'existing', 'country', 'id:state/CO', 'Colombia'),
      ('id:liaison-post/be-police-bogota', 'Belgian police liaison officer in Bogotá',
       'existing', 'located-at', 'id:city/COBOG', 'Bogotá'),
      ('id:liaison-post/be-police-bogota', 'Belgian police liaison officer in Bogotá',
       'existing', 'port', 'id:port/COCTG', 'Cartagena'),
      ('id:liaison-post/be-police-bogota', 'Belgian police liaison officer in Bogotá',
       'existing', 'state', 'id:state/CO', 'Colombia'),
      ('id:liaison-post/be-police-bogota', 'Belgian police liaison officer in Bogotá',
       'existing', 'state', 'id:state/EC', 'Ecuador'),
      ('id:liaison-post/be-police-panama-proposed',
       'Belgian police liaison post (planned, place not given)', 'planned', None, None,
       None),
     ]),
    ('mercosur-members-convention-status', {},
     ('member', 'memberLabel', 'roleLabel', 'startDate', 'endDate', 'heldOn',
      'instrument', 'party', 'eventTypeLabel', 'date', 'latestDate', 'gap', 'coverage'),
     [
      ('id:state/AR', 'Argentina', 'founding member', '1991-03-26', None, None,
       'id:treaty/eu-mercosur-agreement', 'true', None, None, None, None, None),
      ('id:state/AR', 'Argentina', 'founding member', '1991-03-26', None, None,
       'id:treaty/un-illicit-traffic-1988', 'true', None, None, None, None, None),
      ('id:state/AR', 'Argentina', 'founding member', '1991-03-26', None, None,
       'id:treaty/un-single-convention-1961', 'true', 'ratification', '1963-10-10', None,
       None, None),
      ('id:state/BO', 'Bolivia', 'full member', '2024-07-08', None, '2025',
       'id:treaty/eu-mercosur-agreement', 'false', None, None, None, 'not recorded', None),
      ('id:state/BO', 'Bolivia', 'full member', '2024-07-08', None, '2025',
       'id:treaty/un-illicit-traffic-1988', 'false', None, None, None, 'known absent',
       'id:coverage/un-illicit-traffic-1988-parties'),
      ('id:state/BO', 'Bolivia', 'full member', '2024-07-08', None, '2025',
       'id:treaty/un-single-convention-1961', 'false', 'accession', '1976-06-01', None,
       'not recorded', None),
      ('id:state/BR', 'Brazil', 'founding member', '1991-03-26', None, None,
       'id:treaty/eu-mercosur-agreement', 'true', 'signature', '2025-12-20', None, None,
       None),
      ('id:state/BR', 'Brazil', 'founding member', '1991-03-26', None, None,
       'id:treaty/un-illicit-traffic-1988', 'true', 'ratification', '1991-07-17', None, None,
       None),
      ('id:state/BR', 'Brazil', 'founding member', '1991-03-26', None, None,
       'id:treaty/un-single-convention-1961', 'false', None, None, None, 'not recorded',
       None),
     ]),
    ('provenance-of-entity', {},
     ('predicate', 'object', 'graph', 'source', 'sourceTitle'),
     [
      ('http://purl.org/dc/terms/source', 'https://example.org/doc/un-collection',
       'https://w3id.org/narcokg/graph/source/fixture-un',
       'https://example.org/doc/un-collection', None),
      ('http://www.w3.org/1999/02/22-rdf-syntax-ns#type', 'nkg:MultilateralTreaty',
       'https://w3id.org/narcokg/graph/source/fixture-un',
       'https://example.org/doc/un-collection', None),
      ('http://www.w3.org/2004/02/skos/core#prefLabel',
       'UN Convention against Illicit Traffic, 1988',
       'https://w3id.org/narcokg/graph/source/fixture-un',
       'https://example.org/doc/un-collection', None),
      ('nkg:entryIntoForceDate', '1990-11-11',
       'https://w3id.org/narcokg/graph/source/fixture-un',
       'https://example.org/doc/un-collection', None),
      ('nkg:entryIntoForceDateEarliestDay', '1990-11-11T00:00:00',
       'https://w3id.org/narcokg/graph/source/fixture-un',
       'https://example.org/doc/un-collection', None),
      ('nkg:entryIntoForceDateLatestDay', '1990-11-11T00:00:00',
       'https://w3id.org/narcokg/graph/source/fixture-un',
       'https://example.org/doc/un-collection', None),
      ('nkg:hasClause', 'id:treaty/un-illicit-traffic-1988/clause/traffic',
       'https://w3id.org/narcokg/graph/source/fixture-un',
       'https://example.org/doc/un-collection', None),
      ('nkg:hasEvent', 'id:treaty/un-illicit-traffic-1988/participation/BE-ratification',
       'https://w3id.org/narcokg/graph/source/fixture-un',
       'https://example.org/doc/un-collection', None),
      ('nkg:hasEvent', 'id:treaty/un-illicit-traffic-1988/participation/BE-signature',
       'https://w3id.org/narcokg/graph/source/fixture-un',
       'https://example.org/doc/un-collection', None),
      ('nkg:hasEvent', 'id:treaty/un-illicit-traffic-1988/participation/BR-ratification',
       'https://w3id.org/narcokg/graph/source/fixture-un',
       'https://example.org/doc/un-collection', None),
      ('nkg:hasEvent', 'id:treaty/un-illicit-traffic-1988/participation/CO-party',
       'https://w3id.org/narcokg/graph/source/fixture-un',
       'https://example.org/doc/un-collection', None),
      ('nkg:hasStatus', 'id:treaty/un-illicit-traffic-1988/status/in-force',
       'https://w3id.org/narcokg/graph/source/fixture-un',
       'https://example.org/doc/un-collection', None),
      ('nkg:party', 'id:state/AR', 'https://w3id.org/narcokg/graph/source/fixture-un',
       'https://example.org/doc/un-collection', None),
      ('nkg:party', 'id:state/BE', 'https://w3id.org/narcokg/graph/source/fixture-un',
       'https://example.org/doc/un-collection', None),
      ('nkg:party', 'id:state/BR', 'https://w3id.org/narcokg/graph/source/fixture-un',
       'https://example.org/doc/un-collection', None),
      ('nkg:party', 'id:state/CO', 'https://w3id.org/narcokg/graph/source/fixture-un',
       'https://example.org/doc/un-collection', None),
      ('http://purl.org/dc/terms/source', 'https://example.org/doc/un-copy',
       'https://w3id.org/narcokg/graph/source/fixture-un-copy',
       'https://example.org/doc/un-copy', None),
      ('nkg:hasEvent', 'id:treaty/un-illicit-traffic-1988/participation/BE-ratification',
       'https://w3id.org/narcokg/graph/source/fixture-un-copy',
       'https://example.org/doc/un-copy', None),
     ]),
    ('readmission-obligation-for-origin-state', {},
     ('instrument', 'instrumentLabel', 'class', 'statusLabel', 'clauseBinding', 'binding',
      'since'),
     [
      ('id:treaty/be-ma-transfer-protocol-2007', 'Belgium–Morocco transfer protocol (2007)',
       'nkg:BilateralTreaty', 'in force', 'true', 'true', '2008-09-01'),
      ('id:treaty/be-ma-return-commitment-2024',
       'Commitment of Morocco on taking back its nationals (2024)',
       'nkg:NonBindingArrangement', None, 'false', 'false', None),
     ]),
    ('reporting-obligation-items', {},
     ('obligation', 'obligationLabel', 'specifiedIn', 'reportToLabel', 'periodicity',
      'statusLabel', 'itemNotation', 'itemLabel'),
     [
      ('res:reporting-obligation',
       'Annual report to the Chamber on international drug policy', '9',
       'Belgian Chamber of Representatives', 'http://purl.org/cld/freq/annual', 'proposal',
       '9.1', 'Actions in foreign policy'),
      ('res:reporting-obligation',
       'Annual report to the Chamber on international drug policy', '9',
       'Belgian Chamber of Representatives', 'http://purl.org/cld/freq/annual', 'proposal',
       '9.2', 'Effectiveness of cooperation'),
      ('res:reporting-obligation',
       'Annual report to the Chamber on international drug policy', '9',
       'Belgian Chamber of Representatives', 'http://purl.org/cld/freq/annual', 'proposal',
       '9.3', 'Networks and results'),
      ('res:reporting-obligation',
       'Annual report to the Chamber on international drug policy', '9',
       'Belgian Chamber of Representatives', 'http://purl.org/cld/freq/annual', 'proposal',
       '9.4', 'The Task Force'),
     ]),
    ('resolution-considerations-and-demands', {},
     ('kind', 'notation', 'parent', 'item', 'label', 'textNl', 'textFr'),
     [
      ('consideration', 'A', None, 'res:consideration/A', 'Belgium as a logistics hub',
       'België is een logistieke draaischijf geworden.',
       'La Belgique est devenue une plaque tournante.'),
      ('consideration', 'B', None, 'res:consideration/B', 'Trafficking and foreign states',
       'Drugshandel hangt samen met buitenlandse staten.',
       'Le trafic est lié aux États étrangers.'),
      ('demand', '1', None, 'res:demand/1', 'Make the fight a strategic priority',
       'De strijd verankeren als prioritaire as.', 'Ériger la lutte en axe prioritaire.'),
      ('demand', '2', None, 'res:demand/2', 'Sanctions against narco-states',
       'Sancties tegen narcostaten.', 'Sanctions contre les narco-États.'),
      ('demand', '3', None, 'res:demand/3', 'Revise bilateral treaties with Latin America',
       'Bilaterale verdragen met Latijns-Amerika herzien.',
       "Revoir les conventions bilatérales avec l'Amérique latine."),
      ('demand', '3.1', '3', 'res:demand/3.1',
       'Cooperation against trafficking and money laundering',
       'Samenwerking tegen drugshandel en witwaspraktijken.',
       'Coopération contre le trafic et le blanchiment.'),
      ('demand', '3.2', '3', 'res:demand/3.2', 'Exchange of operational information',
       'Uitwisseling van operationele informatie.',
       "Échange d'informations opérationnelles."),
      ('demand', '3.3', '3', 'res:demand/3.3',
       'Customs, prosecutors and judicial cooperation',
       'Samenwerking tussen douane, parketten en gerechtelijke autoriteiten.',
       'Coopération entre douanes, parquets et autorités judiciaires.'),
      ('demand', '4', None, 'res:demand/4', 'Readmission obligation',
       'Verdragen herzien met het oog op een terugnameplicht.',
       'Prévoir une obligation de réadmission.'),
      ('demand', '5', None, 'res:demand/5', 'A Benelux anti-drug agency',
       'Een Benelux-anti-drugsagentschap oprichten.',
       'Créer une agence antidrogue du Benelux.'),
      ('demand', '5.1', '5', 'res:demand/5.1', 'Operational customs cooperation',
       'Operationele samenwerking tussen douanes.', 'Coopération opérationnelle douanière.'),
      ('demand', '5.2', '5', 'res:demand/5.2', 'Joint customs training',
       'Gezamenlijke opleiding van douaniers.', 'Formation conjointe des douaniers.'),
      ('demand', '5.3', '5', 'res:demand/5.3', 'Coordinated container scanning',
       'Gecoördineerde scan- en containercontroles.', 'Scannage coordonné des conteneurs.'),
      ('demand', '5.4', '5', 'res:demand/5.4', 'Drug-route intelligence',
       'Analysecapaciteit rond drugstrajecten.', 'Analyse des routes de la drogue.'),
      ('demand', '6', None, 'res:demand/6', 'A liaison network in South-American ports',
       'Een liaisonnetwerk in Zuid-Amerikaanse havens.',
       'Un réseau de liaison dans les ports sud-américains.'),
      ('demand', '6.1', '6', 'res:demand/6.1', 'Early detection', 'Vroegtijdige detectie.',
       'Détection précoce.'),
      ('demand', '6.2', '6', 'res:demand/6.2', 'Cooperation with local authorities',
       'Samenwerking met lokale autoriteiten.', 'Coopération avec les autorités locales.'),
      ('demand', '6.3', '6', 'res:demand/6.3', 'Support to operations',
       'Ondersteuning van operaties.', 'Soutien aux opérations.'),
      ('demand', '7', None, 'res:demand/7', 'An EU strategy against drug cartels',
       'Een Europese strategie tegen drugskartels.',
       'Une stratégie européenne contre les cartels.'),
      ('demand', '8', None, 'res:demand/8', 'A binding clause in the EU–Mercosur agreement',
       'Een bindende clausule in het Mercosur-verdrag.',
       "Une clause contraignante dans l'accord avec le Mercosur."),
      ('demand', '9', None, 'res:demand/9', 'Annual report to the Chamber',
       'Jaarlijks verslag aan de Kamer.', 'Rapport annuel à la Chambre.'),
      ('demand', '9.1', '9', 'res:demand/9.1', 'Actions in foreign policy', 'De acties.',
       'Les actions.'),
      ('demand', '9.2', '9', 'res:demand/9.2', 'Effectiveness of cooperation',
       'De effectiviteit.', "L'efficacité."),
      ('demand', '9.3', '9', 'res:demand/9.3', 'Networks and results', 'De netwerken.',
       'Les réseaux.'),
      ('demand', '9.4', '9', 'res:demand/9.4', 'The Task Force', 'De Task Force.',
       'La Task Force.'),
     ]),
    ('route-ports-coverage', {},
     ('route', 'routeLabel', 'port', 'portLabel', 'role', 'posts', 'instruments', 'covered',
      'gap'),
     [
      ('id:route/cocaine-brazil-belgium', 'Cocaine from Brazil to Belgium', 'id:port/BRSSZ',
       'Santos', 'origin', '0', '2', 'true', None),
      ('id:route/cocaine-colombia-antwerp', 'Cocaine from Colombia to Antwerp',
       'id:port/BEANR', 'Antwerpen', 'destination', '0', '0', 'false', 'not recorded'),
      ('id:route/cocaine-colombia-antwerp', 'Cocaine from Colombia to Antwerp',
       'id:port/COBUN', 'Buenaventura', 'origin', '0', '2', 'true', None),
      ('id:route/cocaine-colombia-antwerp', 'Cocaine from Colombia to Antwerp',
       'id:port/COCTG', 'Cartagena', 'origin', '1', '2', 'true', None),
      ('id:route/cocaine-colombia-antwerp', 'Cocaine from Colombia to Antwerp',
       'id:port/PAONX', 'Colón', 'transit', '0', '0', 'false', 'not recorded'),
      ('id:route/cocaine-ecuador-rotterdam', 'Cocaine from Ecuador to Rotterdam',
       'id:port/NLRTM', 'Rotterdam', 'destination', '0', '0', 'false', 'not recorded'),
      ('id:route/cocaine-ecuador-rotterdam', 'Cocaine from Ecuador to Rotterdam',
       'id:port/ECGYE', 'Guayaquil', 'origin', '1', '1', 'true', None),
     ]),
    ('sanctions-by-target-state', {},
     ('state', 'stateLabel', 'relation', 'relationLabel', 'target', 'targetLabel',
      'targetKind', 'measure', 'kindLabel', 'regime', 'regimeLabel', 'programCode',
      'legalBasis', 'imposedBy', 'listingDate', 'startDate', 'endDate', 'firstSeen',
      'lastSeen', 'current'),
     [
      ('id:state/CO', 'Colombia', 'state', 'the state itself', 'id:state/CO', 'Colombia', 'state',
       'id:sanction/us-co-2025', 'withdrawal of federal funding',
       'id:sanction-regime/us-narcotics', 'US counter-narcotics sanctions', None,
       'https://example.org/law/kingpin-act', 'id:state/US', None, '2025-09-15', None, None, None,
       None),
      ('id:state/CO', 'Colombia', 'nationality', 'nationality', 'id:sanction-target/list-1',
       'EXAMPLE, Uno', 'person', 'id:sanction/list-1-sdntk', None,
       'id:sanction-regime/us-narcotics', 'US counter-narcotics sanctions', None,
       'https://example.org/law/kingpin-act', None, None, None, None, '2020-01-01', '2021-01-01',
       'true'),
      ('id:state/CO', 'Colombia', 'identifier-country',
       'weaker link: country of an identifier (not a nationality)', 'id:sanction-target/ex-4',
       'EXAMPLE, Cuatro', 'person', 'id:sanction/ex-4-sdntk', 'economic',
       'id:sanction-regime/us-narcotics', 'US counter-narcotics sanctions', None,
       'https://example.org/law/kingpin-act', 'id:state/US', '2018-06-01', None, None, None, None,
       None),
      ('id:state/EC', 'Ecuador', 'nationality', 'nationality', 'id:sanction-target/ex-4',
       'EXAMPLE, Cuatro', 'person', 'id:sanction/ex-4-sdntk', 'economic',
       'id:sanction-regime/us-narcotics', 'US counter-narcotics sanctions', None,
       'https://example.org/law/kingpin-act', 'id:state/US', '2018-06-01', None, None, None, None,
       None),
      ('id:state/EC', 'Ecuador', 'identifier-country',
       'weaker link: country of an identifier (not a nationality)', 'id:sanction-target/ex-5',
       'EJEMPLO CINCO S.A.', 'organisation', 'id:sanction/ex-5-sdntk', 'economic',
       'id:sanction-regime/us-narcotics', 'US counter-narcotics sanctions', None,
       'https://example.org/law/kingpin-act', None, None, None, None, None, None, None),
      ('id:state/PA', 'Panama', 'state', 'the state itself', 'id:state/PA', 'Panama', 'state',
       'id:sanction/us-pa-2019', 'economic', 'id:sanction-regime/us-narcotics',
       'US counter-narcotics sanctions', None, 'https://example.org/law/kingpin-act', None, None,
       '2019-01-01', '2021-12-31', None, None, 'false'),
      ('id:state/PA', 'Panama', 'identifier-country',
       'weaker link: country of an identifier (not a nationality)', 'id:sanction-target/list-2',
       'EXAMPLE DOS S.A.', 'organisation', 'id:sanction/list-2-sdntk', None,
       'id:sanction-regime/us-narcotics', 'US counter-narcotics sanctions', None,
       'https://example.org/law/kingpin-act', None, None, None, None, '2020-01-01', '2020-01-01',
       'false'),
      ('id:state/PA', 'Panama', 'flag-state',
       'weaker link: flag state of a vessel (not a nationality)', 'id:sanction-target/ex-6',
       'EXAMPLE SEIS', 'vessel', 'id:sanction/ex-6-sdntk', 'economic',
       'id:sanction-regime/us-narcotics', 'US counter-narcotics sanctions', None,
       'https://example.org/law/kingpin-act', None, None, None, None, None, None, None),
     ]),
    ('sdn-listings-per-program-over-time', {},
     ('snapshotDate', 'regime', 'regimeLabel', 'programCode', 'listings', 'listed', 'delisted'),
     [
      ('2020-01-01', 'id:sanction-regime/us-narcotics', 'US counter-narcotics sanctions', None, '2',
       '0', '0'),
      ('2021-01-01', 'id:sanction-regime/us-narcotics', 'US counter-narcotics sanctions', None, '2',
       '1', '1'),
     ]),
    ('seizures-per-port-per-year', {},
     ('port', 'portLabel', 'year', 'totalKg', 'statistics', 'lowerBound'),
     [
      ('id:port/BEANR', 'Antwerpen', '2022', '110000', '1', 'false'),
      ('id:port/BEANR', 'Antwerpen', '2023', '116000', '1', 'false'),
      ('id:port/NLRTM', 'Rotterdam', '2023', '59100', '1', 'true'),
     ]),
    ('strategic-ports-without-liaison-post', {},
     ('port', 'portLabel', 'country', 'countryLabel', 'gap', 'coverage'),
     [
      ('id:port/BRSSZ', 'Santos', 'id:state/BR', 'Brazil', 'not recorded', None),
      ('id:port/COBUN', 'Buenaventura', 'id:state/CO', 'Colombia', 'not recorded', None),
      ('id:port/ECGYE', 'Guayaquil', 'id:state/EC', 'Ecuador', 'not recorded', None),
     ]),
    ('treaties-in-force-on-date', {},
     ('treaty', 'treatyLabel', 'entryIntoForce', 'termination'),
     [
      ('id:treaty/un-single-convention-1961', 'Single Convention on Narcotic Drugs, 1961',
       '1964', None),
      ('id:treaty/un-illicit-traffic-1988', 'UN Convention against Illicit Traffic, 1988',
       '1990-11-11', None),
      ('id:treaty/be-ma-transfer-protocol-2007', 'Belgium–Morocco transfer protocol (2007)',
       '2008-09-01', None),
      ('id:treaty/be-co-aml-2010', 'Belgium–Colombia agreement on money laundering (2010)',
       '2010-03-01', None),
      ('id:treaty/be-br-mla-2009', 'Belgium–Brazil mutual legal assistance treaty (2009)',
       '2012', None),
     ]),
    ('treaty-parties-participation', {},
     ('participant', 'participantLabel', 'party', 'record', 'eventTypeLabel', 'date',
      'latestDate'),
     [
      ('id:state/AR', 'Argentina', 'true', None, None, None, None),
      ('id:state/BE', 'Belgium', 'true',
       'id:treaty/un-illicit-traffic-1988/participation/BE-signature', 'signature',
       '1989-05-22', None),
      ('id:state/BE', 'Belgium', 'true',
       'id:treaty/un-illicit-traffic-1988/participation/BE-ratification', 'ratification',
       '1995-10-25', None),
      ('id:state/BR', 'Brazil', 'true',
       'id:treaty/un-illicit-traffic-1988/participation/BR-ratification', 'ratification',
       '1991-07-17', None),
      ('id:state/CO', 'Colombia', 'true',
       'id:treaty/un-illicit-traffic-1988/participation/CO-party', 'party', None, '2000'),
     ]),
    ('latam-states-without-clause-type', {'clauseType': 'clause-type:judicial-cooperation'},
     ('state', 'stateLabel', 'gap', 'coverage'),
     [
      ('id:state/AR', 'Argentina', 'not recorded', None),
      ('id:state/BO', 'Bolivia', 'not recorded', None),
      ('id:state/CO', 'Colombia', 'known absent', 'id:coverage/be-co-bilateral-2026-01-01'),
      ('id:state/EC', 'Ecuador', 'not recorded', None),
      ('id:state/PA', 'Panama', 'not recorded', None),
     ]),
    ('latam-states-without-demanded-clause-types', {'demand': 'demand:3.3'},
     ('notation', 'state', 'stateLabel', 'clauseType', 'clauseTypeLabel', 'gap', 'coverage'),
     [
      ('3.3', 'id:state/AR', 'Argentina', 'v:clause-type/customs-cooperation',
       'customs cooperation', 'not recorded', None),
      ('3.3', 'id:state/AR', 'Argentina', 'v:clause-type/judicial-cooperation',
       'judicial cooperation', 'not recorded', None),
      ('3.3', 'id:state/AR', 'Argentina', 'v:clause-type/prosecutor-cooperation',
       'cooperation between prosecution services', 'not recorded', None),
      ('3.3', 'id:state/BO', 'Bolivia', 'v:clause-type/customs-cooperation',
       'customs cooperation', 'not recorded', None),
      ('3.3', 'id:state/BO', 'Bolivia', 'v:clause-type/judicial-cooperation',
       'judicial cooperation', 'not recorded', None),
      ('3.3', 'id:state/BO', 'Bolivia', 'v:clause-type/prosecutor-cooperation',
       'cooperation between prosecution services', 'not recorded', None),
      ('3.3', 'id:state/BR', 'Brazil', 'v:clause-type/customs-cooperation',
       'customs cooperation', 'not recorded', None),
      ('3.3', 'id:state/BR', 'Brazil', 'v:clause-type/prosecutor-cooperation',
       'cooperation between prosecution services', 'not recorded', None),
      ('3.3', 'id:state/CO', 'Colombia', 'v:clause-type/customs-cooperation',
       'customs cooperation', 'known absent', 'id:coverage/be-co-bilateral-2026-01-01'),
      ('3.3', 'id:state/CO', 'Colombia', 'v:clause-type/judicial-cooperation',
       'judicial cooperation', 'known absent', 'id:coverage/be-co-bilateral-2026-01-01'),
      ('3.3', 'id:state/CO', 'Colombia', 'v:clause-type/prosecutor-cooperation',
       'cooperation between prosecution services', 'known absent',
       'id:coverage/be-co-bilateral-2026-01-01'),
      ('3.3', 'id:state/EC', 'Ecuador', 'v:clause-type/customs-cooperation',
       'customs cooperation', 'not recorded', None),
      ('3.3', 'id:state/EC', 'Ecuador', 'v:clause-type/judicial-cooperation',
       'judicial cooperation', 'not recorded', None),
      ('3.3', 'id:state/EC', 'Ecuador', 'v:clause-type/prosecutor-cooperation',
       'cooperation between prosecution services', 'not recorded', None),
      ('3.3', 'id:state/PA', 'Panama', 'v:clause-type/customs-cooperation',
       'customs cooperation', 'not recorded', None),
      ('3.3', 'id:state/PA', 'Panama', 'v:clause-type/judicial-cooperation',
       'judicial cooperation', 'not recorded', None),
      ('3.3', 'id:state/PA', 'Panama', 'v:clause-type/prosecutor-cooperation',
       'cooperation between prosecution services', 'not recorded', None),
     ]),
    ('readmission-obligation-for-origin-state', {'state': 'state:CO'},
     ('instrument', 'instrumentLabel', 'class', 'statusLabel', 'clauseBinding', 'binding',
      'since'),
     [
     ]),
    ('treaties-in-force-on-date', {'date': '1995-01-01'},
     ('treaty', 'treatyLabel', 'entryIntoForce', 'termination'),
     [
      ('id:treaty/un-single-convention-1961', 'Single Convention on Narcotic Drugs, 1961',
       '1964', None),
      ('id:treaty/un-illicit-traffic-1988', 'UN Convention against Illicit Traffic, 1988',
       '1990-11-11', None),
      ('id:treaty/be-ar-aml-1990', 'Belgium–Argentina agreement (1990)', '1991-01-01',
       '2015-06-30'),
     ]),
    ('instrument-status-on-date', {},
     ('statement', 'status', 'statusLabel', 'asOf', 'source'),
     [
     ]),
    ('instrument-status-on-date',  # a year counts from its last day: signed ("2001")
     {'instrument': 'treaty:example-status-history', 'date': '2003-09-15'},
     ('statement', 'status', 'statusLabel', 'asOf', 'source'),
     [
      ('id:treaty/example-status-history/status/signed', 'v:instrument-status/signed',
       'signed', '2001', 'https://example.org/doc/status'),
     ]),
    ('instrument-status-on-date',  # two sources disagree as of one day: both rows
     {'instrument': 'treaty:example-status-history', 'date': '2026-01-01', 'lang': 'nl'},
     ('statement', 'status', 'statusLabel', 'asOf', 'source'),
     [
      ('id:treaty/example-status-history/status/in-force-other',
       'v:instrument-status/in-force', 'van kracht', '2010-05-01',
       'https://example.org/doc/status-other'),
      ('id:treaty/example-status-history/status/suspended', 'v:instrument-status/suspended',
       'opgeschort', '2010-05-01', 'https://example.org/doc/status'),
     ]),
    ('instrument-status-on-date',  # before the first dated statement: nothing
     {'instrument': 'treaty:example-status-history', 'date': '2000-06-01'},
     ('statement', 'status', 'statusLabel', 'asOf', 'source'),
     [
     ]),
    ('treaties-in-force-on-date', {'date': '1900-01-01'},
     ('treaty', 'treatyLabel', 'entryIntoForce', 'termination'),
     [
     ]),
    ('seizures-per-port-per-year', {'drugType': 'drug-type:cannabis'},
     ('port', 'portLabel', 'year', 'totalKg', 'statistics', 'lowerBound'),
     [
      ('id:port/BEANR', 'Antwerpen', '2023', '800', '1', 'false'),
     ]),
    ('demanded-tasks-carried-by-existing-bodies', {'demand': 'demand:6'},
     ('notation', 'taskType', 'taskTypeLabel', 'body', 'bodyLabel', 'gap'),
     [
      ('6.1', 'v:task-type/early-detection', 'early detection of drug shipments', None, None,
       'not recorded'),
      ('6.2', 'v:task-type/cooperation-with-local-authorities',
       'cooperation with local authorities', None, None, 'not recorded'),
      ('6.3', 'v:task-type/support-to-operations', 'support to operations', None, None,
       'not recorded'),
     ]),
    ('strategic-ports-without-liaison-post', {'sender': 'state:NL'},
     ('port', 'portLabel', 'country', 'countryLabel', 'gap', 'coverage'),
     [
      ('id:port/BRSSZ', 'Santos', 'id:state/BR', 'Brazil', 'not recorded', None),
      ('id:port/COBUN', 'Buenaventura', 'id:state/CO', 'Colombia', 'not recorded', None),
      ('id:port/COCTG', 'Cartagena', 'id:state/CO', 'Colombia', 'not recorded', None),
     ]),
    ('latam-states-without-clause-type', {'lang': 'fr'},
     ('state', 'stateLabel', 'gap', 'coverage'),
     [
      ('id:state/AR', 'Argentine', 'not recorded', None),
      ('id:state/BO', 'Bolivie', 'not recorded', None),
      ('id:state/BR', 'Brésil', 'not recorded', None),
      ('id:state/PA', 'Panama', 'not recorded', None),
      ('id:state/EC', 'Équateur', 'not recorded', None),
     ]),
    ('instrument-events', {},
     ('event', 'eventType', 'eventTypeLabel', 'date', 'latestDate', 'actor', 'actorLabel',
      'source'),
     [
      ('id:treaty/eu-mercosur-agreement/participation/BR-signature', 'v:event-type/signature',
       'signature', '2025-12-20', None, 'id:state/BR', 'Brazil',
       'https://example.org/doc/treaties'),
      ('id:treaty/eu-mercosur-agreement/event/referral', 'v:event-type/referral-to-court',
       'referral to the Court of Justice', None, '2026-01', None, None,
       'https://example.org/doc/treaties'),
      ('id:treaty/eu-mercosur-agreement/event/authorisation',
       'v:event-type/authorisation-of-signature', 'authorisation of signature', '2026-01-09',
       None, 'id:org/eu', 'European Union', 'https://example.org/doc/treaties'),
     ]),
    ('coverage-statements', {},
     ('statement', 'statementLabel', 'completeness', 'completenessLabel', 'sliceTypeLabel',
      'slice', 'coverageDate', 'source'),
     [
      ('id:coverage/be-co-bilateral-2026-01-01',
       'Belgium–Colombia bilateral instruments (fixture list)', 'v:completeness/complete',
       'complete', 'bilateral instruments between two states', 'Belgium – Colombia',
       '2026-01-01', 'https://example.org/doc/treaties'),
      ('id:coverage/un-illicit-traffic-1988-parties',
       'Parties to the 1988 Convention (fixture status page)', 'v:completeness/complete',
       'complete', 'parties of an instrument', 'UN Convention against Illicit Traffic, 1988',
       '2026-01-15', 'https://example.org/doc/un-collection'),
      ('id:coverage/be-liaison-posts-2025', 'Belgian liaison posts (fixture list)',
       'v:completeness/partial', 'known to be partial', 'liaison posts of a state', 'Belgium',
       '2025', 'https://example.org/doc/actors'),
     ]),
    ('latam-states-without-clause-type',
     {'clauseType': 'clause-type:judicial-cooperation', 'includeTerritories': 'true'},
     ('state', 'stateLabel', 'gap', 'coverage'),
     [
      ('id:state/AR', 'Argentina', 'not recorded', None),
      ('id:state/BO', 'Bolivia', 'not recorded', None),
      ('id:state/CO', 'Colombia', 'known absent', 'id:coverage/be-co-bilateral-2026-01-01'),
      ('id:state/EC', 'Ecuador', 'not recorded', None),
      ('id:state/GP', 'Guadeloupe', 'not recorded', None),
      ('id:state/PA', 'Panama', 'not recorded', None),
     ]),
    ('demand-related-instruments', {'lang': 'nl'},
     ('notation', 'demand', 'match', 'type', 'typeLabel', 'related', 'relatedLabel',
      'statusLabel'),
     [
      ('3.1', 'res:demand/3.1', 'clause-type', 'v:clause-type/aml-cooperation',
       'samenwerking tegen witwaspraktijken', 'id:treaty/be-ar-aml-1990',
       'Belgium–Argentina agreement (1990)', 'terminated'),
      ('3.1', 'res:demand/3.1', 'clause-type', 'v:clause-type/aml-cooperation',
       'samenwerking tegen witwaspraktijken', 'id:treaty/be-co-aml-2010',
       'Belgium–Colombia agreement on money laundering (2010)', 'van kracht'),
      ('3.1', 'res:demand/3.1', 'clause-type', 'v:clause-type/anti-trafficking-cooperation',
       'samenwerking tegen drugshandel', 'id:treaty/un-illicit-traffic-1988',
       'UN Convention against Illicit Traffic, 1988', 'van kracht'),
      ('3.1', 'res:demand/3.1', 'clause-type', 'v:clause-type/anti-trafficking-cooperation',
       'samenwerking tegen drugshandel', 'id:treaty/be-br-mla-2009',
       'Verdrag België–Brazilië wederzijdse rechtshulp (2009)', 'van kracht'),
      ('3.2', 'res:demand/3.2', 'clause-type',
       'v:clause-type/operational-information-exchange',
       'uitwisseling van operationele informatie', 'id:treaty/be-co-aml-2010',
       'Belgium–Colombia agreement on money laundering (2010)', 'van kracht'),
      ('3.3', 'res:demand/3.3', 'clause-type', 'v:clause-type/customs-cooperation',
       'customs cooperation', 'id:treaty/be-br-customs-mou-2019',
       'Belgium–Brazil customs memorandum (2019)', None),
      ('3.3', 'res:demand/3.3', 'clause-type', 'v:clause-type/customs-cooperation',
       'customs cooperation', 'id:treaty/be-ec-customs-mou-2024',
       'Belgium–Ecuador customs memorandum (2024)', 'van kracht'),
      ('3.3', 'res:demand/3.3', 'clause-type', 'v:clause-type/judicial-cooperation',
       'judicial cooperation', 'id:treaty/be-br-mla-2009',
       'Verdrag België–Brazilië wederzijdse rechtshulp (2009)', 'van kracht'),
      ('4', 'res:demand/4', 'clause-type', 'v:clause-type/readmission-obligation',
       'terugnameplicht', 'id:treaty/be-ma-transfer-protocol-2007',
       'Belgium–Morocco transfer protocol (2007)', 'van kracht'),
      ('4', 'res:demand/4', 'clause-type', 'v:clause-type/readmission-obligation',
       'terugnameplicht', 'id:treaty/be-ma-return-commitment-2024',
       'Commitment of Morocco on taking back its nationals (2024)', None),
      ('5.1', 'res:demand/5.1', 'task-type', 'v:task-type/operational-customs-cooperation',
       'operationele douanesamenwerking', 'id:org/be-customs', 'Belgian Customs', 'existing'),
      ('5.1', 'res:demand/5.1', 'task-type', 'v:task-type/operational-customs-cooperation',
       'operationele douanesamenwerking', 'id:org/benelux-anti-drug-agency',
       'Benelux anti-drug agency', 'voorstel'),
      ('5.2', 'res:demand/5.2', 'task-type', 'v:task-type/joint-customs-training',
       'joint customs training', 'id:org/benelux-anti-drug-agency',
       'Benelux anti-drug agency', 'voorstel'),
      ('5.3', 'res:demand/5.3', 'task-type', 'v:task-type/coordinated-container-scanning',
       'coordinated container scanning', 'id:org/benelux-anti-drug-agency',
       'Benelux anti-drug agency', 'voorstel'),
      ('5.3', 'res:demand/5.3', 'task-type', 'v:task-type/coordinated-container-scanning',
       'coordinated container scanning', 'id:org/be-scan-centre',
       'Planned national scanning centre', 'planned'),
      ('5.4', 'res:demand/5.4', 'task-type', 'v:task-type/drug-route-intelligence',
       'drug-route intelligence', 'id:org/benelux-anti-drug-agency',
       'Benelux anti-drug agency', 'voorstel'),
      ('5.4', 'res:demand/5.4', 'task-type', 'v:task-type/drug-route-intelligence',
       'drug-route intelligence', 'id:org/europol', 'Europol', 'existing'),
     ]),
    ('mercosur-members-convention-status', {'lang': 'fr'},
     ('member', 'memberLabel', 'roleLabel', 'startDate', 'endDate', 'heldOn',
      'instrument', 'party', 'eventTypeLabel', 'date', 'latestDate', 'gap', 'coverage'),
     [
      ('id:state/AR', 'Argentine', 'founding member', '1991-03-26', None, None,
       'id:treaty/eu-mercosur-agreement', 'true', None, None, None, None, None),
      ('id:state/AR', 'Argentine', 'founding member', '1991-03-26', None, None,
       'id:treaty/un-illicit-traffic-1988', 'true', None, None, None, None, None),
      ('id:state/AR', 'Argentine', 'founding member', '1991-03-26', None, None,
       'id:treaty/un-single-convention-1961', 'true', 'ratification', '1963-10-10', None,
       None, None),
      ('id:state/BO', 'Bolivie', 'full member', '2024-07-08', None, '2025',
       'id:treaty/eu-mercosur-agreement', 'false', None, None, None, 'not recorded', None),
      ('id:state/BO', 'Bolivie', 'full member', '2024-07-08', None, '2025',
       'id:treaty/un-illicit-traffic-1988', 'false', None, None, None, 'known absent',
       'id:coverage/un-illicit-traffic-1988-parties'),
      ('id:state/BO', 'Bolivie', 'full member', '2024-07-08', None, '2025',
       'id:treaty/un-single-convention-1961', 'false', 'accession', '1976-06-01', None,
       'not recorded', None),
      ('id:state/BR', 'Brésil', 'founding member', '1991-03-26', None, None,
       'id:treaty/eu-mercosur-agreement', 'true', 'signature', '2025-12-20', None, None,
       None),
      ('id:state/BR', 'Brésil', 'founding member', '1991-03-26', None, None,
       'id:treaty/un-illicit-traffic-1988', 'true', 'ratification', '1991-07-17', None, None,
       None),
      ('id:state/BR', 'Brésil', 'founding member', '1991-03-26', None, None,
       'id:treaty/un-single-convention-1961', 'false', None, None, None, 'not recorded',
       None),
     ]),
]


def test_every_query_is_pinned():
    assert {case[0] for case in EXPECTED} == set(IDS)
    assert len(IDS) >= 15


@pytest.mark.parametrize("qid,params,columns,expected", EXPECTED,
                         ids=[f"{c[0]}{c[1] or ''}" for c in EXPECTED])
def test_query_answer_is_pinned(fixture_store, qid, params, columns, expected):
    result = Q.run_query(qid, params, store=fixture_store)
    assert tuple(result.columns) == columns
    assert rows(result) == expected


@pytest.mark.parametrize("qid", IDS)
def test_query_is_empty_without_data(empty_store, qid):
    assert Q.run_query(qid, store=empty_store).rows == []


@pytest.mark.parametrize("qid", IDS)
def test_query_is_fast_on_fixture(fixture_store, qid):
    started = time.perf_counter()
    Q.run_query(qid, store=fixture_store)
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize("qdef", QUERIES, ids=IDS)
def test_header_is_complete(qdef):
    assert qdef.id == qdef.path.stem, "file name and id differ"
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", qdef.id)
    for lang in Q.LANGS:
        assert qdef.questions.get(lang, "").strip(), f"question@{lang} missing"
    assert qdef.row.strip()
    header = [line for line in qdef.text.splitlines() if line.startswith("# param:")]
    assert len(header) == len(qdef.params)
    body = "\n".join(line for line in qdef.text.splitlines() if not line.startswith("#"))
    select = body[:body.upper().index("WHERE")]
    for p in qdef.params:
        assert p.meaning.strip()
        Q.parse_value(p, p.default)  # defaults are valid values of their kind
        assert f"?{p.name}" in select, f"parameter ?{p.name} must be projected"
    if "lang" in body.replace("lang(", ""):
        assert qdef.param("lang") is not None
    assert "GRAPH" not in body or qdef.id == "provenance-of-entity"


INJECTIONS = ['"} ; DROP ALL ; #', "> } DROP ALL { <", "state:BE> } ; CLEAR ALL #",
              "http://x/> . } DELETE WHERE { ?s ?p ?o } #", "state:BE\nDROP ALL"]


@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_into_an_iri_is_an_error(fixture_store, value):
    with pytest.raises(InputError):
        Q.run_query("latam-states-without-clause-type", {"clauseType": value},
                    store=fixture_store)


@pytest.mark.parametrize("param,value", [("date", '2020-01-01"^^<x> } #'), ("date", "2020-13-01"),
                                         ("date", "yesterday")])
def test_bad_dates_are_errors(fixture_store, param, value):
    with pytest.raises(InputError):
        Q.run_query("treaties-in-force-on-date", {param: value}, store=fixture_store)


def test_injection_into_a_string_is_a_literal(fixture_store):
    before = len(fixture_store)
    result = Q.run_query("latam-states-without-clause-type", {"lang": INJECTIONS[0]},
                         store=fixture_store)
    assert [r[1] for r in rows(result)][:2] == ["Argentina", "Bolivia"]  # fell back to en
    assert len(fixture_store) == before
    block = Q.values_block(Q.bindings(Q.load_query("latam-states-without-clause-type"),
                                      {"lang": INJECTIONS[0]}))
    assert '"\\"} ; DROP ALL ; #"' in block


def test_unknown_parameter_is_an_error(fixture_store):
    with pytest.raises(InputError, match="no parameter"):
        Q.run_query("treaties-in-force-on-date", {"dat": "2020-01-01"}, store=fixture_store)


@pytest.mark.parametrize("param,value,nearest", [
    ("clauseType", "clause-type:extraditoin", "clause-type:extradition"),
    ("partner", "state:BF", "state:BE"),
    ("partner", "https://example.org/nothing", None)])
def test_unknown_iri_parameter_is_an_error_with_the_nearest(fixture_store, param, value, nearest):
    with pytest.raises(InputError, match="is not in the store") as info:
        Q.run_query("latam-states-without-clause-type", {param: value}, store=fixture_store)
    if nearest:
        assert nearest in str(info.value).split("nearest:")[1]
    else:
        assert "nearest" not in str(info.value)


def test_unknown_iri_parameter_on_an_endpoint(oxigraph_endpoint):
    with pytest.raises(InputError, match="not in the endpoint.*clause-type:extradition"):
        Q.run_query("latam-states-without-clause-type",
                    {"clauseType": "clause-type:extraditoin"}, endpoint=oxigraph_endpoint)


@pytest.mark.parametrize("value", ["yes", "1", "", "true false"])
def test_bad_booleans_are_errors(fixture_store, value):
    with pytest.raises(InputError, match="not a boolean"):
        Q.run_query("latam-states-without-clause-type", {"includeTerritories": value},
                    store=fixture_store)


def test_short_forms():
    assert Q.expand_iri("state:BE") == Q.ID + "state/BE"
    assert Q.expand_iri("org/eu") == Q.ID + "org/eu"
    assert Q.expand_iri("demand:3.1") == Q.RESOLUTION + "/demand/3.1"
    assert Q.expand_iri("clause-type:aml-cooperation") == Q.VOCAB + "clause-type/aml-cooperation"
    assert Q.expand_iri("<https://example.org/a>") == "https://example.org/a"


def test_cli_errors_exit_2(tmp_path, capsys):
    store = tmp_path / "s"
    db = ox.Store(str(store))
    db.load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    db.flush()
    del db
    assert main(["query", "latam-states-without-clause-type", "--store", str(store),
                 "--param", 'clauseType="} ; DROP ALL ; #']) == 2
    assert main(["query", "treaties-in-force-on-date", "--store", str(store),
                 "--param", "nope=1"]) == 2
    assert main(["query", "no-such-query", "--store", str(store)]) == 2
    err = capsys.readouterr().err
    assert err.count("narcokg: error:") == 3 and "Traceback" not in err
    assert main(["query", "strategic-ports-without-liaison-post", "--store", str(store),
                 "--lang", "fr", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1].endswith(",Santos,https://w3id.org/narcokg/id/state/BR,Brésil,"
                                        "not recorded,")
    assert main(["query", "latam-states-without-clause-type", "--store", str(store),
                 "--param", "clauseType=clause-type:extraditoin"]) == 2
    err = capsys.readouterr().err
    assert "clause-type:extraditoin is not in the store (nearest: clause-type:extradition" in err
    assert "Traceback" not in err
    assert main(["queries", "--lang", "nl"]) == 0
    assert "Welke" in capsys.readouterr().out


def test_unreachable_endpoint_fails_fast():
    started = time.perf_counter()
    with pytest.raises(EndpointError, match="unreachable"):
        Q.run_query("treaties-in-force-on-date", endpoint="http://127.0.0.1:9/query",
                    timeout=1)
    assert time.perf_counter() - started < 5


# ---------------------------------------------------------------- a real Oxigraph server

REMOTE_CASES = [(q.id, {}, lang) for q in QUERIES for lang in ("en", "nl")] + [
    (c[0], c[1], "en") for c in EXPECTED if c[1]] + [
    ("latam-states-without-clause-type", {"lang": INJECTIONS[0]}, "en")]


@pytest.fixture(scope="module")
def oxigraph_endpoint(fixture_store, tmp_path_factory):
    if oxigraph_cli() is None:
        pytest.skip("the oxigraph CLI is not installed")
    dump = tmp_path_factory.mktemp("fixture") / "fixture.nq"  # with the derived bounds
    fixture_store.dump(output=str(dump), format=ox.RdfFormat.N_QUADS)
    with oxigraph_server(dump) as url:
        yield url


@pytest.mark.parametrize("qid,params,lang", REMOTE_CASES,
                         ids=[f"{c[0]}-{c[2]}{c[1] or ''}" for c in REMOTE_CASES])
def test_oxigraph_server_answers_like_the_embedded_store(fixture_store, oxigraph_endpoint,
                                                         qid, params, lang):
    local = Q.run_query(qid, params, lang=lang, store=fixture_store)
    remote = Q.run_query(qid, params, lang=lang, endpoint=oxigraph_endpoint, timeout=10)
    assert remote.columns == local.columns
    assert remote.rows == local.rows


def test_endpoint_rejecting_a_query_is_an_endpoint_error(oxigraph_endpoint, tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_text("# id: bad\n# question@en: x\n# question@nl: x\n# question@fr: x\n"
                   "# row: x\nSELECT ?x WHERE { ?x ?y }\n")
    with pytest.raises(EndpointError, match="rejected"):
        Q.run_query(str(bad), endpoint=oxigraph_endpoint, timeout=5)


# ---------------------------------------------------------------- the full curated build

@pytest.fixture(scope="session")
def built_store(tmp_path_factory):
    from narcokg.build import build

    path = tmp_path_factory.mktemp("full") / "s"
    try:
        build(store=path)
    except (NarcokgError, ImportError, FileNotFoundError) as exc:
        pytest.skip(f"the full build fails (curated data missing?): {exc}")
    return path


@pytest.mark.slow
def test_iri_defaults_exist_in_the_full_build(built_store):
    from narcokg.store import open_store

    with open_store(built_store) as store:
        for qdef in QUERIES:
            for p in qdef.params:
                if p.kind == "iri":  # given explicitly, a default is checked like any value
                    Q.run_query(qdef, {p.name: p.default}, store=store)


@pytest.mark.slow
@pytest.mark.parametrize("qid", IDS)
def test_query_runs_on_the_full_build(built_store, qid):
    from narcokg.store import open_store

    with open_store(built_store) as store:
        started = time.perf_counter()
        result = Q.run_query(qid, store=store)
        assert time.perf_counter() - started < 5
    assert isinstance(result.rows, list)


@pytest.mark.parametrize("lang", ["en", "nl", "fr"])
def test_an_identifier_country_is_never_called_a_nationality(fixture_store, lang):
    result = Q.run_query("sanctions-by-target-state", {}, lang=lang, store=fixture_store)
    labels = {(r["relation"], r["relationLabel"]) for r in result.dicts()}
    nationality = {label for relation, label in labels if relation == "nationality"}
    assert len(nationality) == 1 and {"identifier-country", "flag-state", "state"} <= {
        relation for relation, _ in labels}
    for relation, label in labels:
        assert relation == "nationality" or label not in nationality, (relation, label)

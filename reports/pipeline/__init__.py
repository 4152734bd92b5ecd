"""The pictures of 三图一表 drawn from the enterprises app's data: the chain map (产业链图) on screen and as PDF, and the
distribution chart (企业分布图). Here because they use the report charts and the PDF renderer, which sit above
enterprises in the layers; the data and the editing are enterprises'."""
